package multiplexing.lesson11;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.HostileClientsContract;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Edge-triggered ({@code EPOLLET}): the same contract. Each test moves more bytes than one 64 KiB read, or brings more
 * clients than one accept, so a loop that does not read and accept until EAGAIN stalls in most of them.
 */
@DisplayName("Lesson 11: RawEpollEchoServer, edge-triggered")
@ExtendWith(EdgeTriggeredHint.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawEpollEchoServerEdgeTriggeredTest extends HostileClientsContract {

    @Override
    protected ServerFactory server() {
        return (address, log) -> new RawEpollEchoServer(address, log,
                Settings.ECHO.withTrigger(Trigger.EDGE).withSendBufferSize(RawEpollEchoServerTest.SERVER_SEND_BUFFER));
    }
}
