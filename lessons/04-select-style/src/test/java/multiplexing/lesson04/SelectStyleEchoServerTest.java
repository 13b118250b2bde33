package multiplexing.lesson04;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import com.sun.management.UnixOperatingSystemMXBean;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.testkit.ManyClients;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("Lesson 04: SelectStyleEchoServer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectStyleEchoServerTest extends ConcurrentEchoContract {

    /** select(2) cannot watch a descriptor numbered 1024 or above: its fd_set is a bitmap of that many bits. */
    private static final int FD_SETSIZE = 1024;

    @Override
    protected ServerFactory server() {
        return SelectStyleEchoServer::new;
    }

    @Test
    @DisplayName("on Linux, waits for readiness with poll(2): its selector is sun.nio.ch.PollSelectorImpl")
    void waitsWithPollOnLinux() {
        assumeTrue(OS.LINUX.isCurrentOs(), "The poll(2) selector is checked on Linux only.");
        SelectStyleEchoServer server = (SelectStyleEchoServer) fixture.server();
        assertThat(server.selectorImplementation())
                .as("This lesson's Select must sit on the poll(2)-based selector. Run the tests through Maven, whose"
                        + " build passes --add-exports java.base/sun.nio.ch=ALL-UNNAMED to the test JVM, or give your"
                        + " IDE's test configuration that option.")
                .isEqualTo("sun.nio.ch.PollSelectorImpl");
    }

    @Test
    @DisplayName("serves more connections at once than select(2) can watch (FD_SETSIZE = 1024)")
    void servesMoreConnectionsThanFdSetSize() throws IOException, InterruptedException {
        int clients = FD_SETSIZE + 100;
        // Clients and server run in this JVM: two descriptors per connection, so numbers well above 1024 are in use.
        assumeTrue(descriptorLimit() >= 2L * clients + 500,
                "The open-file limit of this JVM is too low for " + clients + " connections (see ulimit -n).");
        try (TestClient first = fixture.connect()) { // a server that cannot serve one client fails here, at once
            byte[] hello = Payloads.random(64);
            first.roundTrip(hello, expectedReply(hello));
        }
        ManyClients.echoAtOnce(fixture, clients, 1024, this::expectedReply);
    }

    private static long descriptorLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 0;
    }
}
