package multiplexing.lesson11;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.HostileClientsContract;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

/** Level-triggered, the seed's mode: every test a robust server passes (lesson 07's), on raw epoll. */
@DisplayName("Lesson 11: RawEpollEchoServer, level-triggered")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawEpollEchoServerTest extends HostileClientsContract {

    /** The server's sockets get small send buffers too: auto-tuned, they take megabytes and hide partial writes. */
    static final int SERVER_SEND_BUFFER = 64 * 1024;

    @Override
    protected ServerFactory server() {
        return (address, log) -> new RawEpollEchoServer(address, log,
                Settings.ECHO.withSendBufferSize(SERVER_SEND_BUFFER));
    }
}
