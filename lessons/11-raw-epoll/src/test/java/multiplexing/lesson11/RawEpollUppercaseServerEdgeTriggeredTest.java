package multiplexing.lesson11;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The uppercase server, edge-triggered: the concurrent echo contract, with letters a to z uppercased. */
@DisplayName("Lesson 11: RawEpollUppercaseServer, edge-triggered")
@ExtendWith(EdgeTriggeredHint.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawEpollUppercaseServerEdgeTriggeredTest extends ConcurrentEchoContract {

    @Override
    protected ServerFactory server() {
        return RawEpollUppercaseServer::openEdgeTriggered;
    }

    @Override
    protected byte[] expectedReply(byte[] sent) {
        return Ascii.toUpperCase(sent);
    }
}
