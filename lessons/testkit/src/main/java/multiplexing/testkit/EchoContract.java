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

/**
 * What every echo server in the course does, whatever its threading model. A lesson's test class extends this,
 * names its server in {@link #server()}, and inherits these tests; servers that transform the bytes (the uppercase
 * ones) override {@link #expectedReply(byte[])}, and may override {@link #mismatchHint} to add advice of their own.
 *
 * <p>Each test has its own {@code @Timeout}, which wins over a lesson's class-wide one: a wrong server fails in
 * seconds (a stalled read after {@link TestClient#REPLY_DEADLINE}); the timeout is only the last resort.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
public abstract class EchoContract {

    /** The per-test timeout of the contracts' tests that move a few megabytes at most. */
    protected static final int TEST_SECONDS = 20;

    /** The largest single write the test clients make; chunk sizes are random from 1 to this. */
    protected static final int MAX_CHUNK = 64 * 1024;

    protected ServerFixture fixture;

    /** The server under test, for example {@code BlockingEchoServer::new}. */
    protected abstract ServerFactory server();

    /** What the server sends back for {@code sent}: the same bytes, for an echo server. */
    protected byte[] expectedReply(byte[] sent) {
        return sent.clone();
    }

    /**
     * Advice added to a failure where the reply to {@code sent} came back as {@code actual}, differing first at
     * {@code position}; empty for none. The failure already says what was observed there (what was sent, expected and
     * received, and patterns such as a UTF-8 replacement character or skipped bytes); a contract whose server
     * transforms bytes overrides this to explain its own rule.
     */
    protected String mismatchHint(byte[] sent, byte[] actual, int position) {
        return "";
    }

    /** Fails, describing what came back, unless {@code actual} is the reply to {@code sent}. */
    protected final void assertReply(byte[] sent, byte[] actual) {
        byte[] expected = expectedReply(sent);
        int position = Bytes.firstDifference(expected, actual);
        if (position >= 0) {
            Bytes.assertReply(sent, expected, actual, mismatchHint(sent, actual, position));
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        fixture = ServerFixture.start(server());
    }

    @AfterEach
    void stopServer() {
        fixture.close();
    }

    @Test
    @Timeout(TEST_SECONDS)
    @DisplayName("echoes a line of text")
    void echoesALineOfText() throws IOException {
        byte[] line = "hello, multiplexing\n".getBytes(StandardCharsets.US_ASCII);
        try (TestClient client = fixture.connect()) {
            client.send(line);
            assertReply(line, client.receive(line.length));
            client.shutdownOutput();
            client.assertClosedByServer();
        }
    }

    @Test
    @Timeout(TEST_SECONDS)
    @DisplayName("echoes all 256 byte values unchanged")
    void echoesEveryByteValue() throws IOException {
        byte[] bytes = Payloads.everyByteValue();
        try (TestClient client = fixture.connect()) {
            client.send(bytes);
            assertReply(bytes, client.receive(bytes.length));
            client.shutdownOutput();
            client.assertClosedByServer();
        }
    }

    @Test
    @Timeout(TEST_SECONDS)
    @DisplayName("echoes 1 MiB of random bytes written in random chunks while the reply is read concurrently")
    void echoesAMebibyteInRandomChunks() throws IOException {
        byte[] payload = Payloads.random(1024 * 1024);
        try (TestClient client = fixture.connect()) {
            byte[] reply = Exchange.echoConcurrently(client, payload, MAX_CHUNK);
            assertReply(payload, reply);
            client.shutdownOutput();
            client.assertClosedByServer();
        }
    }

    @Test
    @Timeout(TEST_SECONDS)
    @DisplayName("keeps serving after a client closes in the middle of a stream")
    void survivesAClientThatClosesMidStream() throws IOException {
        // An orderly close (FIN) while the server waits for more: the client has read every byte of its echo, so
        // closing sends FIN; unread bytes in its receive buffer would make the kernel send a reset (RST) instead.
        TestClient leaving = fixture.connect();
        byte[] payload = Payloads.random(64 * 1024);
        leaving.send(payload, 0, 1024);
        leaving.receive(16);
        leaving.send(payload, 1024, payload.length - 1024);
        leaving.receive(payload.length - 16);
        leaving.close();
        nextClientIsServed("a client closed its connection (FIN) while the server waited for more");
    }

    @Test
    @Timeout(TEST_SECONDS)
    @DisplayName("keeps serving after a client resets its connection in the middle of a stream")
    void survivesAClientThatResetsMidStream() throws IOException {
        // 64 KiB fits in the loopback socket buffers, so the sender never blocks on a server that is not reading.
        TestClient leaving = fixture.connect();
        byte[] payload = Payloads.random(64 * 1024);
        leaving.send(payload, 0, 1024);
        leaving.receive(16);
        leaving.send(payload, 1024, payload.length - 1024);
        leaving.reset();
        nextClientIsServed("a client reset its connection (RST) while the server was echoing to it");
    }

    private void nextClientIsServed(String whatHappened) throws IOException {
        byte[] next = Payloads.random(4096);
        try (TestClient client = fixture.connect()) {
            client.send(next);
            byte[] reply;
            try {
                reply = client.receive(next.length);
            } catch (AssertionError e) {
                throw new AssertionError("After " + whatHappened + ", the next client was not served. "
                        + e.getMessage(), e.getCause());
            }
            assertReply(next, reply);
        }
    }
}
