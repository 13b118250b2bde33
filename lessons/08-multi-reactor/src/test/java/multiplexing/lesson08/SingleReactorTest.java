package multiplexing.lesson08;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

/** One reactor is lesson 07's server with the accepting moved to a thread of its own: it must serve just as well. */
@DisplayName("Lesson 08: MultiReactorEchoServer with 1 reactor")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SingleReactorTest extends ConcurrentEchoContract {

    @Override
    protected ServerFactory server() {
        return (address, log) -> new MultiReactorEchoServer(address, log, Settings.ECHO, Layout.of(1));
    }
}
