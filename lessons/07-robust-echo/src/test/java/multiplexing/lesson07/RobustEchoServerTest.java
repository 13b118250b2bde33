package multiplexing.lesson07;

import java.io.IOException;
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

    @Override
    protected ServerFactory server() {
        return (address, log) -> new RobustEchoServer(address, log,
                Settings.ECHO.withSendBufferSize(SERVER_SEND_BUFFER));
    }

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
            Eventually.await(fixture, () -> server.pendingBytes() == server.pendingLimit(), TestClient.REPLY_DEADLINE,
                    () -> String.format("The server holds %,d bytes for a client that never reads; with a limit of"
                            + " %,d, it should fill up to exactly the limit.", server.pendingBytes(),
                            server.pendingLimit()));

            long wakeUps = QuietWindow.growthOf(server::wakeUps, idle, Duration.ofMillis(300),
                    "nobody sent anything to this client.");
            assertThat(wakeUps).as("The loop woke up %,d times in 0.3 s while a client was held at the limit: with"
                    + " OP_READ still on, its socket is readable all the time. Clear OP_READ at the limit.", wakeUps)
                    .isLessThanOrEqualTo(5);

            assertSameBytes(payload, pusher.receive(payload.length), "Every held and waiting byte must come back.");
            pushing.join();
        }
    }
    // end::held-at-the-limit[]
}
