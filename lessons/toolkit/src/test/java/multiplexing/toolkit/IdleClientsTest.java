package multiplexing.toolkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IdleClientsTest {

    private final Console console = new Console();

    private int idle(InputStream keyboard, String... args) {
        return IdleClients.run(args, keyboard, console.out(), console.err());
    }

    @Test
    @DisplayName("opens N connections, holds them until Enter, then closes every one of them")
    void opensHoldsAndCloses() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Integer>> firstReads =
                    CompletableFuture.supplyAsync(() -> acceptAndRead(listener, 25));

            int status = idle(new ByteArrayInputStream("\n".getBytes(StandardCharsets.US_ASCII)),
                    "--port", String.valueOf(listener.getLocalPort()), "--count", "25");

            assertThat(status).isZero();
            // Idle: not one byte was sent on any connection, and each was closed (end of stream, -1).
            assertThat(firstReads.get(10, TimeUnit.SECONDS)).hasSize(25).containsOnly(-1);
            assertThat(console.printed()).isEqualTo(String.format(
                    "25 connections open to 127.0.0.1:%d. They stay idle until you press Enter, or for 300 s at most.%n"
                            + "Closing 25 connections.%n", listener.getLocalPort()));
        }
    }

    @Test
    @DisplayName("with no keyboard, closes the connections when --seconds have passed")
    void closesAfterTheTimeLimit() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             PipedInputStream noKeyboard = new PipedInputStream()) { // unconnected: reading it fails at once
            int status = idle(noKeyboard, "--port", String.valueOf(listener.getLocalPort()),
                    "--count", "3", "--seconds", "1");

            assertThat(status).isZero();
            assertThat(console.printed()).contains("3 connections open", "Closing 3 connections.");
        }
    }

    @Test
    @DisplayName("a refused connection is one sentence and exit status 1")
    void refused() throws IOException {
        int port = Console.portWithNoServer();
        int status = idle(new ByteArrayInputStream(new byte[0]), "--port", String.valueOf(port), "--count", "5");

        assertThat(status).isEqualTo(1);
        assertThat(console.errors()).isEqualTo(String.format(
                "Connection 1 of 5 to 127.0.0.1:%d failed: connection refused. Is the server running?%n", port));
    }

    @Test
    @DisplayName("a count out of bounds is one sentence, the usage line and exit status 2")
    void countOutOfBounds() {
        int status = idle(new ByteArrayInputStream(new byte[0]), "--count", "10001");

        assertThat(status).isEqualTo(2);
        assertThat(console.errors()).isEqualTo(String.format(
                "--count takes a number from 1 to 10000, not '10001'.%n%s%n", IdleClients.usage()));
    }

    @Test
    @DisplayName("port 0, which only a server can use, is refused with a sentence that says why")
    void portZero() {
        int status = idle(new ByteArrayInputStream(new byte[0]), "--port", "0");

        assertThat(status).isEqualTo(2);
        assertThat(console.errors()).startsWith("--port 0 lets a server choose its port");
    }

    /** Accepts {@code count} connections, then returns what the first read on each returned. */
    private static List<Integer> acceptAndRead(ServerSocket listener, int count) {
        List<Socket> accepted = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                accepted.add(listener.accept());
            }
            List<Integer> firstReads = new ArrayList<>();
            for (Socket socket : accepted) {
                socket.setSoTimeout(10_000);
                firstReads.add(socket.getInputStream().read());
            }
            return firstReads;
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            accepted.forEach(Quietly::close);
        }
    }
}
