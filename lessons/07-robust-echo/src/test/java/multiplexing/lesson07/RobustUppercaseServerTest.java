package multiplexing.lesson07;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.EchoContract;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

/** The uppercase option runs the same loop: the echo contract holds, with letters a to z uppercased. */
@DisplayName("Lesson 07: RobustUppercaseServer")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RobustUppercaseServerTest extends EchoContract {

    @Override
    protected ServerFactory server() {
        return RobustUppercaseServer::open;
    }

    @Override
    protected byte[] expectedReply(byte[] sent) {
        return Ascii.toUpperCase(sent);
    }
}
