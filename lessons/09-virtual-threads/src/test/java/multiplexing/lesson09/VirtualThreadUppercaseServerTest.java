package multiplexing.lesson09;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

/** The uppercase server runs the same threads and loop: the contracts hold, with letters a to z uppercased. */
@DisplayName("Lesson 09: VirtualThreadUppercaseServer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualThreadUppercaseServerTest extends ConcurrentEchoContract {

    @Override
    protected ServerFactory server() {
        return VirtualThreadUppercaseServer::open;
    }

    @Override
    protected byte[] expectedReply(byte[] sent) {
        return Ascii.toUpperCase(sent);
    }
}
