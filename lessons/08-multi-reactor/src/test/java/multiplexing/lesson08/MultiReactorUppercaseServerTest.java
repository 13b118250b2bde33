package multiplexing.lesson08;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.EchoContract;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

/** The uppercase option runs the same reactors: the echo contract holds, with letters a to z uppercased. */
@DisplayName("Lesson 08: MultiReactorUppercaseServer")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MultiReactorUppercaseServerTest extends EchoContract {

    @Override
    protected ServerFactory server() {
        return MultiReactorUppercaseServer::open;
    }

    @Override
    protected byte[] expectedReply(byte[] sent) {
        return Ascii.toUpperCase(sent);
    }
}
