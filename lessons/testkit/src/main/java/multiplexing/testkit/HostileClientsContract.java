package multiplexing.testkit;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import multiplexing.toolkit.PendingOutput;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a server must survive before a networking engineer would run it, on top of the {@link ConcurrentEchoContract}:
 * clients that half-close, reset, send far more than the socket buffers hold, send in many small pieces, never read,
 * or come by the thousand. Lesson 07 onwards; the server must implement {@link PendingOutput}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class HostileClientsContract extends ConcurrentEchoContract {

    /**
     * Socket buffers for the test clients: small, so that the kernel cannot absorb the megabytes a server failed to
     * keep, but not below 64 KiB, the loopback's MTU (smaller ones made transfers stall for hundreds of ms).
     */
    protected static final int SMALL_SOCKET_BUFFER = 64 * 1024;

    // tag::half-close[]
    @Test
    @Timeout(30)
    @DisplayName("a client that sends, then shuts down its output, receives every byte of its echo before the server closes")
    void halfCloseReceivesTheWholeEcho() throws IOException {
        // Ten clients in turn: whether the server still holds bytes when it reads -1 depends on how fast the last
        // bytes travel, so one client could miss a server that closes too early; ten practically cannot.
        for (int client = 0; client < 10; client++) {
            sendHalfCloseAndReadTheEcho(Payloads.random(1024 * 1024));
        }
    }

    private void sendHalfCloseAndReadTheEcho(byte[] payload) throws IOException {
        try (TestClient client = fixture.connect()) {
            configure(client, socket -> socket.setReceiveBufferSize(SMALL_SOCKET_BUFFER));
            client.send(payload);    // a correct server reads all of it meanwhile, though nobody reads the echo yet
            client.shutdownOutput(); // FIN: the server's read returns -1 after the last byte
            Bytes.assertReply(payload, expectedReply(payload), client.receive(payload.length),
                    "-1 means the client sends nothing more, not that it stopped reading: write out every pending"
                            + " byte first, and close only then.");
            client.assertClosedByServer();
        }
    }
    // end::half-close[]

    // tag::reset[]
    @Test
    @Timeout(30)
    @DisplayName("a client that resets costs only its own connection: the others are still served")
    void resetCostsOnlyItsOwnConnection() throws IOException {
        try (TestClient staying = fixture.connect()) {
            for (int round = 0; round < 10; round++) {
                TestClient leaving = fixture.connect();
                leaving.send(Payloads.random(256 * 1024)); // the server is busy echoing to a client that never reads
                leaving.reset();                            // RST: the server's next read or write of it fails
                byte[] hello = Payloads.random(100);
                staying.send(hello);
                Bytes.assertReply(hello, expectedReply(hello), staying.receive(hello.length),
                        "A reset makes that one connection's next read throw SocketException \"Connection reset\""
                                + " (JDK 25), and its next write \"Connection reset by peer\" or \"Broken pipe\""
                                + " (the Linux error): catch the IOException, close that connection, and go on with"
                                + " the others; it must never end the loop.");
            }
        }
        try (TestClient newcomer = fixture.connect()) {
            byte[] hello = Payloads.random(100);
            newcomer.roundTrip(hello, expectedReply(hello));
        }
    }
    // end::reset[]

    // tag::partial-writes[]
    @Test
    @Timeout(30)
    @DisplayName("echoes 16 MiB through small socket buffers, written by one thread and read back by another, identical")
    void partialWritesLoseNothing() throws IOException {
        byte[] payload = Payloads.random(16 * 1024 * 1024);
        try (TestClient client = fixture.connect()) {
            configure(client, socket -> {
                socket.setReceiveBufferSize(SMALL_SOCKET_BUFFER);
                socket.setSendBufferSize(SMALL_SOCKET_BUFFER);
            });
            byte[] reply = Exchange.echoConcurrently(client, payload, MAX_CHUNK);
            Bytes.assertReply(payload, expectedReply(payload), reply,
                    "A non-blocking write() takes only what fits in the socket's send buffer: keep the rest and"
                            + " write it, in order, when the socket has room again (with a selector: ask for"
                            + " OP_WRITE).");
        }
    }
    // end::partial-writes[]

    // tag::several-reads[]
    @Test
    @Timeout(30)
    @DisplayName("several reads before a write: bytes sent in many small pieces without waiting all come back, in order")
    void severalReadsBeforeAWrite() throws IOException {
        byte[] payload = Payloads.random(1024 * 1024);
        Random random = new Random(ThreadLocalRandom.current().nextLong());
        try (TestClient client = fixture.connect()) {
            configure(client, socket -> {
                socket.setTcpNoDelay(true); // each piece leaves at once, so the server reads them one by one
                socket.setReceiveBufferSize(SMALL_SOCKET_BUFFER);
            });
            for (int offset = 0; offset < payload.length; ) {
                int length = Math.min(Payloads.chunkSize(random, 2048), payload.length - offset);
                client.send(payload, offset, length);
                offset += length;
            }
            Bytes.assertReply(payload, expectedReply(payload), client.receive(payload.length),
                    "A second read can come before the first one's bytes are written back: append it to what is"
                            + " pending, never replace it.");
        }
    }
    // end::several-reads[]

    // tag::backpressure[]
    @Test
    @Timeout(30)
    @DisplayName("a client that pushes 64 MiB and reads nothing: the server holds no more than its limit and serves others")
    void backpressureBoundsWhatTheServerHolds() throws IOException {
        PendingOutput server = pendingOutputOf(fixture);
        byte[] payload = Payloads.random(64 * 1024 * 1024);
        try (TestClient pusher = fixture.connect(); TestClient other = fixture.connect()) {
            CompletableFuture<Void> pushing = sendOnItsOwnThread(pusher, payload); // blocks once buffers are full
            Eventually.await(fixture, () -> server.pendingBytes() >= server.pendingLimit() / 2 || pushing.isDone(),
                    TestClient.REPLY_DEADLINE, () -> String.format("The server holds %,d bytes for a client that"
                            + " sends and never reads, far below its limit of %,d: does it read at all, and count what it holds in pendingBytes()?",
                            server.pendingBytes(), server.pendingLimit()));

            byte[] hello = Payloads.random(1000);
            other.roundTrip(hello, expectedReply(hello)); // the pushing client does not hold up the others
            try (TestClient newcomer = fixture.connect()) {
                newcomer.roundTrip(hello, expectedReply(hello));
            }

            // Now read: the server drains, reads again, and every pushed byte must come back.
            Bytes.assertReply(payload, expectedReply(payload), pusher.receive(payload.length),
                    "Stopping to read must not lose anything: the bytes wait in the kernel until reading resumes.");
            pushing.join();
            if (server.peakPendingBytes() > server.pendingLimit()) {
                fail(String.format("The server held %,d bytes for one client, over its limit of %,d. Once a"
                        + " connection's pending bytes reach the limit, stop reading from it until they drain (with a"
                        + " selector: clear OP_READ; with a blocking socket: finish the write before the next read);"
                        + " and never read more than the room left.",
                        server.peakPendingBytes(), server.pendingLimit()));
            }
        }
    }
    // end::backpressure[]

    // tag::many-clients[]
    @Test
    @Timeout(30)
    @DisplayName("serves 1,000 clients at once, each getting exactly its own bytes back")
    void servesAThousandClients() throws IOException, InterruptedException {
        Descriptors.requireRoomFor(1000);
        ManyClients.echoAtOnce(fixture, 1000, 8 * 1024, this::expectedReply);
    }
    // end::many-clients[]

    private static PendingOutput pendingOutputOf(ServerFixture fixture) {
        if (fixture.server() instanceof PendingOutput server) {
            return server;
        }
        throw new AssertionError(fixture.server().getClass().getSimpleName() + " must implement"
                + " multiplexing.toolkit.PendingOutput, so that the test can see how many bytes it holds.");
    }

    /** Sends {@code payload} from a thread of its own; the future completes when every byte has been written. */
    protected static CompletableFuture<Void> sendOnItsOwnThread(TestClient client, byte[] payload) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Thread.ofPlatform().name("pusher").daemon().start(() -> {
            try {
                client.send(payload);
                sent.complete(null);
            } catch (Throwable e) {
                sent.completeExceptionally(e); // closing the client at the end of a failed test ends the thread
            }
        });
        return sent;
    }

    /**
     * Sets a client's socket options. If the server's loop died as the client connected, the fixture has closed the
     * client already: report the loop's death, not the "Socket is closed" that follows from it.
     */
    private void configure(TestClient client, SocketSetup setup) throws IOException {
        try {
            setup.apply(client.socket());
        } catch (SocketException e) {
            fixture.assertLoopRunning();
            throw e;
        }
    }

    @FunctionalInterface
    private interface SocketSetup {
        void apply(Socket socket) throws IOException;
    }
}
