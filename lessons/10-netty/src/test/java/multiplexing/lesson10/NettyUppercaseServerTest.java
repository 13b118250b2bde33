package multiplexing.lesson10;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.EchoContract;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

/**
 * One more handler in the pipeline: the echo contract holds with letters a to z uppercased. Over the default transport
 * only: the handler sees a ByteBuf, whichever transport filled it, and the echo tests cover every transport.
 */
@DisplayName("Lesson 10: NettyUppercaseServer")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyUppercaseServerTest extends EchoContract {

    @Override
    protected ServerFactory server() {
        return NettyUppercaseServer::open;
    }

    @Override
    protected byte[] expectedReply(byte[] sent) {
        return Ascii.toUpperCase(sent);
    }

    /** After every test, not once per class: a failure in @AfterAll would count as one more test in the reports. */
    @AfterEach
    void noByteBufLeaked() {
        LeakWatch.assertNoLeaks();
    }
}
