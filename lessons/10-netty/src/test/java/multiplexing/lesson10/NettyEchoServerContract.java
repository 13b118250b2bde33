package multiplexing.lesson10;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.HostileClientsContract;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every contract lesson 07 passes, passed by the Netty server over one transport; one subclass per transport, the
 * way Netty's own socket test suite runs every test on every transport. (One class per transport, rather than a
 * parameterised class, so that Surefire's report, which the progress table reads, counts every test.) A transport
 * Netty cannot load here is skipped, with Netty's reason.
 */
@ExtendWith(AvailableTransports.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class NettyEchoServerContract extends HostileClientsContract implements AvailableTransports.OnTransport {

    @Override
    protected ServerFactory server() {
        return (address, log) -> new NettyEchoServer(address, log, Settings.ECHO.withTransport(transport()));
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

    /** After every test, not once per class: a failure in @AfterAll would count as one more test in the reports. */
    @AfterEach
    void noByteBufLeaked() {
        LeakWatch.assertNoLeaks();
    }
}
