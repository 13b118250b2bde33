package multiplexing.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;

/**
 * What every echo server in the course does, whatever its threading model. A lesson's test class extends this,
 * names its server in {@link #server()}, and inherits these tests; servers that transform the bytes (the uppercase
 * ones) override {@link #expectedReply(byte[])}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class EchoContract {

    /** The largest single write the test clients make; chunk sizes are random from 1 to this. */
    protected static final int MAX_CHUNK = 64 * 1024;

    protected ServerFixture fixture;

    /** The server under test, for example {@code BlockingEchoServer::new}. */
    protected abstract ServerFactory server();

    /** What the server sends back for {@code sent}: the same bytes, for an echo server. */
    protected byte[] expectedReply(byte[] sent) {
        return sent.clone();
    }

    @BeforeEach
    void startServer() throws IOException {
        fixture = ServerFixture.start(server());
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        fixture.close();
    }

    @Test
    @DisplayName("echoes a line of text")
    void echoesALineOfText() throws IOException {
        byte[] line = "hello, multiplexing\n".getBytes(StandardCharsets.US_ASCII);
        try (TestClient client = fixture.connect()) {
            client.roundTrip(line, expectedReply(line));
            client.shutdownOutput();
            client.assertClosedByServer();
        }
    }

    @Test
    @DisplayName("echoes all 256 byte values unchanged")
    void echoesEveryByteValue() throws IOException {
        byte[] bytes = Payloads.everyByteValue();
        try (TestClient client = fixture.connect()) {
            client.send(bytes);
            assertSameBytes(expectedReply(bytes), client.receive(bytes.length),
                    "Bytes are bytes: a server must not decode them as text or change them on the way.");
            client.shutdownOutput();
            client.assertClosedByServer();
        }
    }

    @Test
    @DisplayName("echoes 1 MiB of random bytes written in random chunks while the reply is read concurrently")
    void echoesAMebibyteInRandomChunks() throws IOException {
        byte[] payload = Payloads.random(1024 * 1024);
        try (TestClient client = fixture.connect()) {
            byte[] reply = Exchange.echoConcurrently(client, payload, MAX_CHUNK);
            assertSameBytes(expectedReply(payload), reply,
                    "Write back exactly the bytes each read returned (buffer, 0, n), in the order they came.");
            client.shutdownOutput();
            client.assertClosedByServer();
        }
    }

    @Test
    @DisplayName("keeps serving after a client closes in the middle of a stream")
    void survivesAClientThatClosesMidStream() throws IOException {
        leaveMidStream(false);
    }

    @Test
    @DisplayName("keeps serving after a client resets its connection in the middle of a stream")
    void survivesAClientThatResetsMidStream() throws IOException {
        leaveMidStream(true);
    }

    /**
     * A client sends 64 KiB, reads a little of the echo and leaves; the next client must still be served.
     * 64 KiB fits in the loopback socket buffers, so the sender never blocks on a server that is not reading.
     */
    private void leaveMidStream(boolean reset) throws IOException {
        TestClient leaving = fixture.connect();
        byte[] payload = Payloads.random(64 * 1024);
        leaving.send(payload, 0, 1024);
        leaving.receive(16);
        leaving.send(payload, 1024, payload.length - 1024);
        if (reset) {
            leaving.reset();
        } else {
            leaving.close();
        }
        byte[] next = Payloads.random(4096);
        try (TestClient client = fixture.connect()) {
            client.send(next);
            assertSameBytes(expectedReply(next), client.receive(next.length),
                    "A client that leaves is that client's problem: catch the IOException of its connection, close"
                            + " it, and go on serving the others.");
        }
    }
}
