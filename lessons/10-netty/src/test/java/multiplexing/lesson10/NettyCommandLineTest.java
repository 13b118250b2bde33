package multiplexing.lesson10;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import multiplexing.toolkit.UsageException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Lesson 10: the --transport and --threads options")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NettyCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    @DisplayName("--transport picks the transport; the rest of the arguments go on to the toolkit")
    void transportIsTakenOut() throws UsageException {
        NettyCommandLine line = NettyCommandLine.parse(
                new String[] {"--port", "0", "--transport", "nio", "--threads", "1", "--quiet"}, Settings.ECHO);
        assertThat(line.settings().transport()).isEqualTo(Transport.NIO);
        assertThat(line.settings().workers()).isEqualTo(1);
        assertThat(line.rest()).containsExactly("--port", "0", "--quiet");
    }

    @Test
    @DisplayName("without --transport, the best transport available here")
    void defaultIsTheBestAvailable() throws UsageException {
        Transport chosen = NettyCommandLine.parse(new String[0], Settings.ECHO).settings().transport();
        assertThat(chosen.isAvailable()).isTrue();
        assertThat(chosen).isEqualTo(Transport.best());
    }

    @Test
    @DisplayName("an unknown transport: one sentence naming the choices, and exit status 2")
    void unknownTransport() {
        int status = run("--transport", "kqueue");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("--transport takes one of nio|epoll|io_uring, not 'kqueue'.")
                .doesNotContain("Exception");
    }

    @Test
    @DisplayName("--threads 0: one sentence, and exit status 2")
    void zeroThreads() {
        assertThat(run("--threads", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--threads takes a number from 1 to 1024");
    }

    @Test
    @DisplayName("--help lists the transports")
    void helpListsTransports() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--transport nio|epoll|io_uring");
    }

    private int run(String... args) {
        return NettyCommandLine.run("NettyEchoServer", 8888, Settings.ECHO, args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
