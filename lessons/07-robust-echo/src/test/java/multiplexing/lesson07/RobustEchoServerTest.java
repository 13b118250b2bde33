package multiplexing.lesson07;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.Descriptors;
import multiplexing.testkit.Eventually;
import multiplexing.testkit.HostileClientsContract;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.QuietWindow;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Lesson 07: RobustEchoServer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RobustEchoServerTest extends HostileClientsContract {

    /** The server's sockets get small send buffers too: auto-tuned, they take megabytes and hide partial writes. */
    static final int SERVER_SEND_BUFFER = 64 * 1024;
    /** Long enough for the loop to act on what a client just did, short enough for a wrong exercise to fail fast. */
    private static final Duration SHORT_DEADLINE = Duration.ofSeconds(2);
    /** A client pushing megabytes fills a correct server to its limit in milliseconds; this leaves room to spare. */
    private static final Duration FILL_DEADLINE = Duration.ofSeconds(5);

    @Override
    protected ServerFactory server() {
        return (address, log) -> new RobustEchoServer(address, log,
                Settings.ECHO.withSendBufferSize(SERVER_SEND_BUFFER));
    }

    // tag::end-of-stream[]
    @Test
    @DisplayName("closes a connection as soon as its client has shut down its output with nothing pending")
    void closesAtEndOfStreamWhenNothingIsPending() throws IOException {
        try (TestClient client = fixture.connect()) {
            byte[] hello = Payloads.random(16);
            client.roundTrip(hello, hello);
            client.shutdownOutput(); // the server reads -1, and owes this client nothing
            client.socket().setSoTimeout(Math.toIntExact(SHORT_DEADLINE.toMillis()));
            int next;
            try {
                next = client.socket().getInputStream().read();
            } catch (SocketTimeoutException e) {
                fixture.assertLoopRunning();
                throw new AssertionError("The server did not close the connection within "
                        + SHORT_DEADLINE.toSeconds() + " s of the client's end of stream, with nothing pending. When"
                        + " read returns -1 and no byte is pending, endOfStream must close the connection.", e);
            }
            assertThat(next).as("After the full echo, the server must send nothing more, only close.").isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("while a half-closed client has not read its echo yet, the loop sleeps instead of reading it again")
    void aHalfClosedClientDoesNotWakeTheLoop() throws IOException {
        RobustEchoServer server = (RobustEchoServer) fixture.server();
        byte[] payload = Payloads.random(512 * 1024);
        try (TestClient halfClosed = fixture.connect(); TestClient idle = fixture.connect()) {
            halfClosed.socket().setReceiveBufferSize(SMALL_SOCKET_BUFFER); // the echo cannot all fit in the kernel
            byte[] hello = Payloads.random(16);
            idle.roundTrip(hello, hello); // after a read and a write, the idle client's interest is set by the learner
            assertSleepsBeforehand(server, idle);
            halfClosed.send(payload);
            halfClosed.shutdownOutput(); // the server reads -1 with most of the echo still pending
            Eventually.await(fixture, () -> server.pendingBytes() > 0, SHORT_DEADLINE,
                    () -> "The server holds no bytes for a client that sent 512 KiB and reads nothing.");

            long wakeUps = QuietWindow.growthOf(server::wakeUps, idle, Duration.ofMillis(300),
                    "nobody sent anything to this client.");
            assertThat(wakeUps).as("The loop woke up %,d times in 0.3 s while a half-closed client had not read its"
                    + " echo yet. Its socket stays readable (read returns -1 again and again) while OP_READ is on:"
                    + " record the end of input (connection.endInput()), and leave OP_READ off once it has ended.",
                    wakeUps).isLessThanOrEqualTo(50); // a sleeping loop: the last reads of the payload, then nothing

            assertSameBytes(payload, halfClosed.receive(payload.length), "Every byte of the echo must come back.");
        }
    }
    // end::end-of-stream[]

    // tag::idle-loop[]
    @Test
    @DisplayName("with 1,000 idle clients connected, and one that has left, the loop sleeps: a handful of wake-ups in half a second")
    void theLoopSleepsWhenNothingHappens() throws IOException {
        Descriptors.requireRoomFor(1000);
        RobustEchoServer server = (RobustEchoServer) fixture.server();
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                TestClient client = fixture.connect();
                clients.add(client);
                byte[] hello = Payloads.random(16);
                client.roundTrip(hello, hello); // a completed round trip: the server has really accepted it
            }
            clients.getFirst().close(); // a client that leaves must be closed, not read from forever

            long wakeUps = QuietWindow.growthOf(server::wakeUps, clients.getLast(), Duration.ofMillis(500),
                    "nobody sent anything.");

            assertThat(wakeUps).as("The loop woke up %,d times in half a second with nothing to do. Does it ignore"
                    + " read() returning -1 (the closed socket stays readable forever), keep OP_WRITE on with"
                    + " nothing to write, or pass a timeout to select()?", wakeUps).isLessThanOrEqualTo(5);
        } finally {
            clients.forEach(TestClient::close);
        }
    }
    // end::idle-loop[]

    // tag::held-at-the-limit[]
    @Test
    @DisplayName("while a client that never reads is held at the limit, the loop sleeps instead of trying to read from it")
    void aClientHeldAtTheLimitDoesNotWakeTheLoop() throws IOException {
        RobustEchoServer server = (RobustEchoServer) fixture.server();
        byte[] payload = Payloads.random(16 * 1024 * 1024);
        try (TestClient pusher = fixture.connect(); TestClient idle = fixture.connect()) {
            CompletableFuture<Void> pushing = sendOnItsOwnThread(pusher, payload);
            Eventually.await(fixture, () -> server.pendingBytes() == server.pendingLimit(), FILL_DEADLINE,
                    () -> holdsTooLittle(server, "exactly the limit"));

            long wakeUps = QuietWindow.growthOf(server::wakeUps, idle, Duration.ofMillis(300),
                    "nobody sent anything to this client.");
            assertThat(wakeUps).as("The loop woke up %,d times in 0.3 s while a client was held at the limit: with"
                    + " OP_READ still on, its socket is readable all the time. Clear OP_READ at the limit.", wakeUps)
                    .isLessThanOrEqualTo(5);

            assertSameBytes(payload, pusher.receive(payload.length), "Every held and waiting byte must come back.");
            pushing.join();
            // The client has every byte, so the server holds none: its tally must say so too.
            Eventually.await(fixture, () -> server.pendingBytes() == 0, SHORT_DEADLINE,
                    () -> String.format("Every byte came back, but the server's tally still counts %,d pending"
                            + " bytes. Does flush() tell the tally what each write took (tally.shrank(n))?",
                            server.pendingBytes()));
        }
    }
    // end::held-at-the-limit[]

    // tag::reset-closes[]
    @Test
    @DisplayName("a client that resets is closed: the bytes held for it are let go, and the loop sleeps again")
    void aClientThatResetsIsClosed() throws IOException {
        RobustEchoServer server = (RobustEchoServer) fixture.server();
        try (TestClient idle = fixture.connect(); TestClient quiet = fixture.connect();
             TestClient pusher = fixture.connect()) {
            byte[] hello = Payloads.random(16);
            idle.roundTrip(hello, hello);

            // 1. A client that owes nothing resets: the server's next read on it throws.
            quiet.roundTrip(hello, hello);
            assertSleepsBeforehand(server, idle);
            quiet.reset();
            assertSleepsAfterReset(server, idle, "a client that had nothing pending reset");

            // 2. A client held at the limit resets: the server's next write on it throws.
            sendOnItsOwnThread(pusher, Payloads.random(16 * 1024 * 1024));
            Eventually.await(fixture, () -> server.pendingBytes() >= server.pendingLimit(), FILL_DEADLINE,
                    () -> holdsTooLittle(server, "its limit"));
            long heldBeforeReset = server.pendingBytes();
            pusher.reset();
            Eventually.await(fixture, () -> server.pendingBytes() == 0, SHORT_DEADLINE,
                    () -> server.pendingBytes() == heldBeforeReset
                            ? String.format("The server still holds the %,d bytes of a client that reset: its"
                                    + " connection was never closed. Either the IOException was caught without"
                                    + " closing it (close(key, connection, why) closes the socket, cancels the key"
                                    + " and lets go of its bytes), or the key never came back ready: while bytes"
                                    + " are pending, updateInterest must keep OP_WRITE on.", heldBeforeReset)
                            : String.format("The server let go of part of what it held for a client that reset, but"
                                    + " its tally still counts %,d bytes. Does flush() tell the tally what each write"
                                    + " took (tally.shrank(n))?", server.pendingBytes()));
            assertSleepsAfterReset(server, idle, "a client held at the limit reset");
        }
    }

    /** The loop must sleep before the test's event, or the test cannot blame what it is about. */
    private static void assertSleepsBeforehand(RobustEchoServer server, TestClient listener) throws IOException {
        long wakeUps = QuietWindow.growthOf(server::wakeUps, listener, Duration.ofMillis(300),
                "nobody sent anything to this client.");
        assertThat(wakeUps).as("Before this test's event, with nothing to do, the loop already woke up %,d times in"
                + " 0.3 s: an OP_WRITE left on with nothing pending, or a timeout passed to select()? The idle-loop"
                + " test says more.", wakeUps).isLessThanOrEqualTo(5);
    }

    private static String holdsTooLittle(RobustEchoServer server, String howMuch) {
        long held = server.pendingBytes();
        return held == 0
                ? "The server holds no bytes for a client that sends and never reads: what its socket did not take"
                        + " was not kept. In Connection.send, keep(bytes) whatever write() left in the buffer."
                : String.format("The server holds %,d bytes for a client that never reads; with a limit of %,d, it"
                        + " should fill up to %s.", held, server.pendingLimit(), howMuch);
    }

    private void assertSleepsAfterReset(RobustEchoServer server, TestClient listener, String what)
            throws IOException {
        long wakeUps;
        try {
            wakeUps = QuietWindow.growthOf(server::wakeUps, listener, Duration.ofMillis(500),
                    "nobody sent anything to this client.");
        } catch (IOException | AssertionError e) {
            fixture.assertLoopRunning(); // a loop that died of the reset explains this failure best
            throw e;
        }
        assertThat(wakeUps).as("After %s, the loop woke up %,d times in half a second. A reset socket stays ready"
                + " for good (the selector reports an error as readiness for every interest), and each read or write"
                + " on it throws again: catching the IOException is not enough, close that connection"
                + " (close(key, connection, why)).", what, wakeUps).isLessThanOrEqualTo(5);
    }
    // end::reset-closes[]
}
