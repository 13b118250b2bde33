package multiplexing.testkit;

import java.util.List;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.FlawedEchoServer.Flaw;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * The contracts are run against servers with one known bug each. A contract that passed on a broken server would
 * tell learners their code is right when it is not. (The nested classes are not run by Maven directly: Surefire
 * skips nested classes; they run only through the JUnit engine here.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContractsCanFailTest {

    @Test
    @DisplayName("a correct server passes every test of the concurrent echo contract")
    void correctServerPasses() {
        Events tests = run(Correct.class);
        assertThat(tests.failed().count()).as(failures(tests)).isZero();
        assertThat(tests.succeeded().count()).isEqualTo(tests.started().count()).isGreaterThanOrEqualTo(8);
    }

    @Test
    @DisplayName("a server that writes its whole buffer instead of the bytes read fails the echo tests")
    void wholeBufferFails() {
        // Not the 1 MiB test: when every read happens to fill the buffer, the whole buffer is the right reply.
        assertThat(failedTests(run(WholeBuffer.class))).contains(
                "echoes a line of text", "echoes all 256 byte values unchanged");
    }

    @Test
    @DisplayName("a server that decodes bytes as text fails on binary data")
    void decodingFails() {
        assertThat(failedTests(run(DecodesText.class))).contains("echoes all 256 byte values unchanged",
                "echoes 1 MiB of random bytes written in random chunks while the reply is read concurrently");
    }

    @Test
    @DisplayName("a server that one broken connection stops fails the tests of clients that leave mid-stream")
    void dyingWithAClientFails() {
        assertThat(failedTests(run(DiesWithAClient.class))).contains(
                "keeps serving after a client resets its connection in the middle of a stream");
    }

    @Test
    @DisplayName("a server that never closes after the client's end of stream fails")
    void neverClosingFails() {
        // One test is enough, and each waits the full reply deadline for a close that never comes.
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(NeverCloses.class, "echoesALineOfText")).execute().testEvents();
        assertThat(failedTests(tests)).containsExactly("echoes a line of text");
    }

    @Test
    @DisplayName("a server that serves one client at a time fails the concurrency tests, saying how many were served")
    void serialServerFails() {
        Events tests = run(Serial.class);
        assertThat(failedTests(tests)).contains("an idle connected client does not delay another client",
                "serves many clients at once, each getting exactly its own bytes back");
        assertThat(failures(tests))
                .contains("Only 1 of 50 clients got their full reply")
                .contains("only 1 of 50 clients served at once?")
                .contains("thread \"server-under-test\" is in")
                .contains("The loop thread is blocked reading one connection");
    }

    @Test
    @DisplayName("a loop that dies of an exception without a message is reported with its class and the server's frames")
    void deathWithoutMessageNamesTheFrames() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(DiesWithoutAMessage.class, "echoesALineOfText")).execute().testEvents();
        assertThat(failures(tests))
                .contains("The server's loop stopped with UnsupportedOperationException; thrown at"
                        + " FlawedEchoServer.serve(FlawedEchoServer.java:")
                .doesNotContain(": null");
    }

    @Test
    @DisplayName("a loop that goes on after close() fails, saying how long serve() ran on and where the loop is")
    void ignoringCloseFails() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(IgnoresClose.class, "echoesALineOfText")).execute().testEvents();
        assertThat(failures(tests))
                .contains("serve() was still running 3 s after close() returned.")
                .contains("The loop thread is ")
                .contains("FlawedEchoServer.serveIgnoringClose(FlawedEchoServer.java:");
    }

    @Test
    @DisplayName("a loop that throws the closed listener's exception after close() fails, naming the exception")
    void throwingAfterCloseFails() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(ThrowsAfterClose.class, "echoesALineOfText")).execute().testEvents();
        assertThat(failures(tests))
                .contains("serve() ended with SocketException")
                .contains("after close() had been called: a closed server's loop must return quietly");
    }

    @Test
    @DisplayName("a byte mismatch says what was sent there and what the pattern looks like")
    void mismatchDescribesTheObservation() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(DecodesText.class, "echoesEveryByteValue")).execute().testEvents();
        assertThat(failures(tests))
                .contains("The reply differs at byte 128 of 256: expected 0x80, got 0xef")
                .contains("Byte 0x80 was sent and must come back unchanged, but became 0xef.")
                .contains("U+FFFD")
                .doesNotContain("). ]");
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    private static List<String> failedTests(Events tests) {
        return tests.failed().stream().map(event -> event.getTestDescriptor().getDisplayName()).toList();
    }

    private static String failures(Events tests) {
        return tests.failed().stream()
                .map(event -> event.getTestDescriptor().getDisplayName() + ": " + event.getPayload().orElse(""))
                .toList().toString();
    }

    static class Correct extends ConcurrentEchoContract {
        @Override
        protected ServerFactory server() {
            return (address, log) -> new FlawedEchoServer(address, Flaw.NONE);
        }
    }

    static class WholeBuffer extends EchoContract {
        @Override
        protected ServerFactory server() {
            return (address, log) -> new FlawedEchoServer(address, Flaw.WHOLE_BUFFER);
        }
    }

    static class DecodesText extends EchoContract {
        @Override
        protected ServerFactory server() {
            return (address, log) -> new FlawedEchoServer(address, Flaw.DECODES_TEXT);
        }
    }

    static class DiesWithAClient extends EchoContract {
        @Override
        protected ServerFactory server() {
            return (address, log) -> new FlawedEchoServer(address, Flaw.DIES_WITH_A_CLIENT);
        }
    }

    static class Serial extends ConcurrentEchoContract {
        @Override
        protected ServerFactory server() {
            return (address, log) -> new FlawedEchoServer(address, Flaw.SERIAL);
        }
    }

    static class DiesWithoutAMessage extends EchoContract {
        @Override
        protected ServerFactory server() {
            return (address, log) -> new FlawedEchoServer(address, Flaw.DIES_WITHOUT_A_MESSAGE);
        }
    }

    static class IgnoresClose extends EchoContract {
        @Override
        protected ServerFactory server() {
            return (address, log) -> new FlawedEchoServer(address, Flaw.IGNORES_CLOSE);
        }
    }

    static class ThrowsAfterClose extends EchoContract {
        @Override
        protected ServerFactory server() {
            return (address, log) -> new FlawedEchoServer(address, Flaw.THROWS_AFTER_CLOSE);
        }
    }

    static class NeverCloses extends EchoContract {
        @Override
        protected ServerFactory server() {
            return (address, log) -> new FlawedEchoServer(address, Flaw.NEVER_CLOSES);
        }
    }
}
