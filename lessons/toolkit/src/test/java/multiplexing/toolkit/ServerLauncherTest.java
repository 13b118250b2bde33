package multiplexing.toolkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServerLauncherTest {

    private static final int STUB_PORT = 40_123;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int launch(ServerFactory factory, String... args) {
        return ServerLauncher.run("TestServer", 8888, factory, args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a port in use is one sentence naming the port, exit status 1, no stack trace")
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            int status = launch((address, log) -> {
                ServerSocket second = new ServerSocket();
                try {
                    second.bind(address);
                } finally {
                    second.close();
                }
                throw new AssertionError("bind should have failed");
            }, "--port", String.valueOf(port));

            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("Cannot listen on 127.0.0.1:" + port + ": port " + port + " is already in use")
                    .doesNotContain("Exception").hasLineCount(1);
        }
    }

    @Test
    @DisplayName("bad arguments print the problem and the usage line, exit status 2")
    void badArguments() {
        int status = launch((address, log) -> {
            throw new AssertionError("must not bind with bad arguments");
        }, "--port", "http");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(String.format(
                "--port takes a number from 0 to 65535, not 'http'.%nUsage: TestServer [--host HOST] [--port PORT]"
                        + " [--quiet]   (defaults: --host 127.0.0.1 --port 8888)%n"));
    }

    @Test
    @DisplayName("an unfinished exercise ends with its TODO message in one line, exit status 1, no stack trace")
    void unfinishedExercise() {
        int status = launch((address, log) -> stubServer(() -> {
            throw new Todo("write the accept loop (course: lesson 01, section \"Step 1: the accept loop\").");
        }), "--port", "0");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(String.format("TestServer is not finished yet."
                + " TODO: write the accept loop (course: lesson 01, section \"Step 1: the accept loop\").%n"));
    }

    @Test
    @DisplayName("a TODO met while the server is being set up ends the same way, before any startup line")
    void unfinishedSetUp() {
        int status = launch((address, log) -> {
            throw new Todo("open the selector (course: lesson 05, section \"Step 1: open the selector\").");
        }, "--port", "0");

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(String.format("TestServer is not finished yet."
                + " TODO: open the selector (course: lesson 05, section \"Step 1: open the selector\").%n"));
    }

    @Test
    @DisplayName("prints one startup line with the port actually bound, then serves until closed")
    void startupLine() {
        int status = launch((address, log) -> stubServer(() -> {
            // returns at once, as a server does once closed
        }), "--port", "0", "--quiet");

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(String.format("TestServer listening on 127.0.0.1:40123 (Ctrl+C to stop)%n"));
    }

    /** A server that claims port {@value #STUB_PORT} and whose loop is {@code loop}: the launcher cannot tell. */
    private static Server stubServer(Runnable loop) {
        return new Server() {
            @Override
            public InetSocketAddress address() {
                return new InetSocketAddress(InetAddress.getLoopbackAddress(), STUB_PORT);
            }

            @Override
            public void serve() {
                loop.run();
            }

            @Override
            public void close() {
            }
        };
    }
}
