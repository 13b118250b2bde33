package multiplexing.lesson11;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

/** The uppercase server runs the same loop: the concurrent echo contract holds, with letters a to z uppercased. */
@DisplayName("Lesson 11: RawEpollUppercaseServer")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawEpollUppercaseServerTest extends ConcurrentEchoContract {

    @Override
    protected ServerFactory server() {
        return RawEpollUppercaseServer::open;
    }

    @Override
    protected byte[] expectedReply(byte[] sent) {
        return Ascii.toUpperCase(sent);
    }
}
