package multiplexing.toolkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class InteractiveClientTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int talk(InputStream keyboard, String... args) {
        return InteractiveClient.run(args, keyboard,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("sends what is typed, prints what comes back, and says when the server closes")
    void talksToAServer() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofPlatform().start(() -> echoOnce(listener));
            byte[] typed = "héllo\nsecond line\n".getBytes(StandardCharsets.UTF_8);

            int status = talk(new ByteArrayInputStream(typed), "--port", String.valueOf(listener.getLocalPort()));
            echo.join();

            assertThat(status).isZero();
            String nl = System.lineSeparator();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Connected to 127.0.0.1:" + listener.getLocalPort()
                    + ". Type a line and press Enter; Ctrl+D (Ctrl+Z on Windows) ends the input." + nl
                    + "héllo\nsecond line\n" // the server's bytes, unchanged
                    + "[the server closed the connection]" + nl);
        }
    }

    @Test
    @DisplayName("a refused connection is one sentence and exit status 1")
    void refused() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free once closed: nothing listens there
        }
        int status = talk(new ByteArrayInputStream(new byte[0]), "--port", String.valueOf(port));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(String.format(
                "Cannot connect to 127.0.0.1:%d: connection refused. Is the server running?%n", port));
    }

    /** Echoes one connection until the client half-closes, then closes: a stand-in for any lesson's server. */
    private static void echoOnce(ServerSocket listener) {
        try (Socket client = listener.accept()) {
            client.getInputStream().transferTo(client.getOutputStream());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
