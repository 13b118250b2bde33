package multiplexing.lesson08;

import java.util.List;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Lesson 08: MultiReactorEchoServer's hand-off to idle reactors")
class IdleReactorsTest extends IdleReactorsContract {

    @Override
    protected ServerFactory server() {
        return (address, log) -> new MultiReactorEchoServer(address, log, Settings.ECHO, Layout.of(4));
    }

    @Override
    protected List<Thread> reactorThreads(Server server) {
        return ((MultiReactorEchoServer) server).reactorThreads();
    }
}
