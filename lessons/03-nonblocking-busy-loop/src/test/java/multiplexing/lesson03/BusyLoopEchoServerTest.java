package multiplexing.lesson03;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.testkit.Eventually;
import multiplexing.testkit.LateReader;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.RecordingLog;
import multiplexing.testkit.ServerFixture;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Lesson 03: BusyLoopEchoServer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BusyLoopEchoServerTest extends ConcurrentEchoContract {

    /** Far fewer passes than a spinning loop makes in a second, far more than a loop that waits would ever make. */
    private static final long MANY_PASSES = 10_000;
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Override
    protected ServerFactory server() {
        return BusyLoopEchoServer::new;
    }

    // tag::spins[]
    @Test
    @DisplayName("keeps looping with no client connected and no traffic at all: it spins")
    void spinsWhileIdle() {
        awaitPasses(MANY_PASSES, "with no client connected");
    }
    // end::spins[]

    @Test
    @DisplayName("keeps a silent client connected: read returning 0 means nothing has arrived yet")
    void silentClientStaysConnected() throws IOException {
        try (TestClient client = fixture.connect()) {
            byte[] first = Payloads.random(100);
            client.roundTrip(first, first);

            awaitPasses(MANY_PASSES, "with one silent client"); // each pass, the client's read() returned 0

            byte[] second = Payloads.random(100);
            client.send(second);
            byte[] reply;
            try {
                reply = client.receive(second.length);
            } catch (AssertionError e) {
                fixture.assertLoopRunning(); // if the loop died, its exception is the better explanation
                throw new AssertionError("A client that was silent for a while got no reply. read() returning 0"
                        + " means nothing has arrived yet; only -1 means the client closed its side.", e);
            }
            assertSameBytes(second, reply, "");
        }
    }

    // tag::partial-writes[]
    @Test
    @DisplayName("keeps the bytes a write did not take and sends them later: a client that reads late gets them all")
    void keepsWhatAWriteDidNotTake() throws IOException {
        byte[] payload = Payloads.random(LateReader.PAYLOAD);
        String hint = "A non-blocking write() may take fewer bytes than offered, even none, when the client is not"
                + " reading: keep the rest in the connection's buffer and offer it again on the next pass.";
        try (TestClient client = fixture.connect()) {
            byte[] reply;
            try {
                reply = LateReader.exchange(client, payload, payload.length);
            } catch (AssertionError e) {
                fixture.assertLoopRunning();
                throw new AssertionError(hint, e);
            }
            assertSameBytes(payload, reply, hint);
        }
    }
    // end::partial-writes[]

    @Test
    @DisplayName("writes back what is pending before closing: a client that half-closes and reads late gets it all")
    void flushesPendingBytesAfterEndOfStream() throws IOException {
        byte[] payload = Payloads.random(HalfClosingLateReader.PAYLOAD);
        try (TestClient client = fixture.connect()) {
            byte[] reply;
            try {
                reply = HalfClosingLateReader.exchange(client.socket(), payload);
            } catch (IOException | AssertionError e) {
                fixture.assertLoopRunning(); // if the loop died, its exception is the better explanation
                throw e;
            }
            assertSameBytes(payload, reply, "The client half-closed after sending, then read the reply until the"
                    + " server closed: bytes were lost on the way back. Keep what a write did not take (compact(), not"
                    + " clear()); and read() returning -1 means no more bytes will arrive, not that the reply has gone"
                    + " out: poll() may return false only once the input has ended AND nothing is pending.");
        }
    }

    @Test
    @DisplayName("forgets a client that has left: a finished connection is looked at no more")
    void forgetsAClientThatLeft() throws Exception {
        RecordingLog log = new RecordingLog();
        ServerFixture logged = ServerFixture.start(server(), log);
        try (TestClient client = logged.connect()) {
            byte[] hello = Payloads.random(100);
            client.roundTrip(hello, hello);
            String closedLine = "Closed by the client: "
                    + Addresses.format((InetSocketAddress) client.socket().getLocalSocketAddress());
            client.shutdownOutput();
            client.assertClosedByServer();
            log.awaitLine(closedLine);

            awaitPasses(logged, MANY_PASSES, "after the client left");

            long times = log.lines().stream().filter(closedLine::equals).count();
            assertThat(times)
                    .as("The server logged \"%s\" %,d times: a connection poll() reported finished must leave the"
                            + " list (pollEveryClient's it.remove()), or every pass looks at it again.", closedLine, times)
                    .isEqualTo(1);
        } finally {
            logged.close();
        }
    }

    /** Waits until the loop has made {@code passes} more passes; fails early if the loop dies. */
    private void awaitPasses(long passes, String situation) {
        awaitPasses(fixture, passes, situation);
    }

    private static void awaitPasses(ServerFixture fixture, long passes, String situation) {
        BusyLoopEchoServer server = (BusyLoopEchoServer) fixture.server();
        long start = server.loopIterations();
        Eventually.await(fixture, () -> server.loopIterations() - start >= passes, DEADLINE,
                () -> String.format("The loop made only %,d passes in %d s %s. This server must never wait:"
                                + " no blocking accept(), read() or select(); each pass tries every channel and goes"
                                + " round again at once.", server.loopIterations() - start, DEADLINE.toSeconds(),
                        situation));
    }
}
