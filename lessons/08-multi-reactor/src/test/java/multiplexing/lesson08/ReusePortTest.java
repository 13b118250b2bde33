package multiplexing.lesson08;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.net.StandardSocketOptions;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** With --reuseport every reactor listens on the port itself: the same contracts hold, wherever the JDK supports it. */
@DisplayName("Lesson 08: MultiReactorEchoServer with --reuseport and 4 reactors")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReusePortTest extends ConcurrentEchoContract {

    @BeforeAll
    static void onlyWhereSupported() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            assumeTrue(probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT),
                    "this system has no SO_REUSEPORT: the server refuses --reuseport here, by design");
        }
    }

    @Override
    protected ServerFactory server() {
        return (address, log) -> new MultiReactorEchoServer(address, log, Settings.ECHO,
                Layout.of(4).withReusePort(true));
    }

    @Test
    @DisplayName("the kernel spreads 40 clients over more than one of the 4 listening reactors")
    void theKernelSpreadsTheClients() throws IOException {
        MultiReactorEchoServer server = (MultiReactorEchoServer) fixture.server();
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                TestClient client = fixture.connect();
                clients.add(client);
                byte[] hello = Payloads.random(16);
                client.roundTrip(hello, hello); // answered: some reactor has accepted it
            }
            // The hash of the client's port picks the listener; all 40 on one of 4 has a chance of 4^-39.
            assertThat(server.connectionsPerReactor()).as("connections per reactor")
                    .filteredOn(count -> count > 0).hasSizeGreaterThan(1);
        } finally {
            clients.forEach(TestClient::close);
        }
    }
}
