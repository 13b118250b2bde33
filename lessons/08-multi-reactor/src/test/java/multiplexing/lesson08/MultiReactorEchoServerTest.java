package multiplexing.lesson08;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.HostileClientsContract;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

/** Lesson 07's hostile clients, now spread over three reactors: every robustness test must still hold. */
@DisplayName("Lesson 08: MultiReactorEchoServer with 3 reactors")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultiReactorEchoServerTest extends HostileClientsContract {

    /** The server's sockets get small send buffers too: auto-tuned, they take megabytes and hide partial writes. */
    static final int SERVER_SEND_BUFFER = 64 * 1024;

    @Override
    protected ServerFactory server() {
        return (address, log) -> new MultiReactorEchoServer(address, log,
                Settings.ECHO.withSendBufferSize(SERVER_SEND_BUFFER), Layout.of(3));
    }
}
