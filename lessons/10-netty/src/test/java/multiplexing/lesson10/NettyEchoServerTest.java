package multiplexing.lesson10;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.HostileClientsContract;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every contract lesson 07 passes, passed by the Netty server over each transport, like Netty's own socket test
 * suite runs every test on every transport. A transport Netty cannot load here is skipped, with Netty's reason.
 */
@DisplayName("Lesson 10: NettyEchoServer")
@ParameterizedClass(name = "over {0}")
@EnumSource(Transport.class)
@ExtendWith(AvailableTransports.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NettyEchoServerTest extends HostileClientsContract implements AvailableTransports.OnTransport {

    @Parameter
    Transport transport;

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    protected ServerFactory server() {
        return (address, log) -> new NettyEchoServer(address, log, Settings.ECHO.withTransport(transport));
    }

    @Test
    @DisplayName("close() closes every connection, ends serve() and stops every event loop thread")
    void closeClosesEveryConnection() throws IOException {
        NettyEchoServer server = (NettyEchoServer) fixture.server();
        try (TestClient first = fixture.connect(); TestClient second = fixture.connect()) {
            byte[] hello = Payloads.random(100);
            first.roundTrip(hello, hello); // both accepted for sure
            second.roundTrip(hello, hello);

            fixture.closeServerOnly();

            first.assertClosedByServer();
            second.assertClosedByServer();
            assertThat(server.eventLoopsTerminated()).as("close() returned, but some event loop threads still run:"
                    + " call shutdownGracefully() on both groups and wait for their termination.").isTrue();
        }
    }

    @AfterAll
    static void noByteBufLeaked() {
        LeakWatch.assertNoLeaks();
    }
}
