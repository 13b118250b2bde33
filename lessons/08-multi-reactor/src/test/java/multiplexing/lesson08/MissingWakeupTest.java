package multiplexing.lesson08;

import java.util.List;
import java.util.concurrent.TimeUnit;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The idle-reactor test must fail on a server that queues new channels without waking the reactor: otherwise it
 * would tell a learner that a hand-off without {@code wakeup()} is fine. (The nested class is not run by Maven
 * directly, Surefire skips nested classes; it runs only through the JUnit engine here.)
 */
@DisplayName("Lesson 08: the idle-reactor test catches a missing wakeup")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MissingWakeupTest {

    @Test
    @DisplayName("a server that queues the channel but never calls wakeup() fails the idle-reactor test, saying so")
    void theIdleReactorTestFailsWithoutTheWakeup() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NoWakeup.class)).execute()
                .testEvents();
        assertThat(tests.started().count()).as("tests run against the server without wakeup").isEqualTo(1);
        assertThat(tests.failed().stream().map(event -> event.getRequiredPayload(
                org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow().getMessage()))
                .as("why the idle-reactor test failed on the server without wakeup").singleElement()
                .asString().contains("Client 1 of 4 connected while every reactor slept in select()",
                        "0 of its 100 bytes came back within 1 s", "selector.wakeup()");
    }

    static class NoWakeup extends IdleReactorsContract {

        @Override
        protected ServerFactory server() {
            return (address, log) -> new NoWakeupEchoServer(address, 4);
        }

        @Override
        protected List<Thread> reactorThreads(Server server) {
            return ((NoWakeupEchoServer) server).reactorThreads();
        }
    }
}
