package multiplexing.lesson05;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import multiplexing.testkit.LateReader;
import multiplexing.testkit.TestClient;

/**
 * A client that sends first and reads late, and a verdict on what came back. While it does not read, the reply fills
 * the buffers between server and client, so the server's {@code write} meets a full send buffer and takes only part
 * of what it is offered, or nothing: a server that forgets the rest loses bytes here. Unlike the testkit's
 * {@link LateReader}, it keeps whatever arrived, so that a failure can say where the reply went wrong.
 */
final class LateReading {

    /** The client's receive buffer: small, so that the server's writes stall after a few MiB, not after 32. */
    static final int SMALL_RECEIVE_BUFFER = 64 * 1024;
    /** More than the buffers between server and client hold, with the receive buffer above. */
    static final int PAYLOAD = LateReader.PAYLOAD;

    /** No byte for this long while bytes are owed: the server has stopped sending. */
    private static final Duration SILENCE = Duration.ofSeconds(3);
    /** No progress of the writer for this long: the buffers are full both ways, time to read. */
    private static final Duration STALL = Duration.ofMillis(200);
    private static final Duration MAX_WAIT_BEFORE_READING = Duration.ofSeconds(10);
    private static final int CHUNK = 64 * 1024;

    private LateReading() {
    }

    /**
     * Sends {@code payload} from a writer thread, starts reading once the writer is done or stuck, and returns what
     * arrived: all {@code expectedLength} bytes, or fewer if the server fell silent for {@link #SILENCE}.
     */
    static byte[] sendThenRead(TestClient client, byte[] payload, int expectedLength) throws IOException {
        client.socket().setReceiveBufferSize(SMALL_RECEIVE_BUFFER);
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> writer = new CompletableFuture<>();
        Thread.ofPlatform().name("late-reading-writer").daemon().start(() -> {
            try {
                for (int offset = 0; offset < payload.length; offset += CHUNK) {
                    int length = Math.min(CHUNK, payload.length - offset);
                    client.send(payload, offset, length);
                    sent.addAndGet(length);
                }
                writer.complete(null);
            } catch (Throwable e) {
                writer.completeExceptionally(e); // closing the client at the end of a failed test gets here
            }
        });
        awaitDoneOrStalled(writer, sent);
        return readUntilCompleteOrSilent(client, expectedLength);
    }

    /**
     * Passes if {@code reply} is {@code expected}; otherwise says where it went wrong: bytes skipped (the next bytes
     * are ones the server should have sent later), a wrong byte, or a reply that stopped short.
     */
    static void assertWholeReply(byte[] expected, byte[] reply) {
        int same = Arrays.mismatch(expected, reply);
        if (same == -1) {
            return;
        }
        String hint = " A write() to a client that is not reading takes only what fits in the socket's send buffer,"
                + " often nothing: the bytes it leaves (data.hasRemaining()) must stay attached, with the key still"
                + " interested in OP_WRITE, and go out at the next writable event.";
        if (same < reply.length) {
            long skipped = skippedBytes(expected, reply, same);
            if (skipped > 0) {
                throw new AssertionError(String.format("Bytes were lost: the reply is right for its first %,d bytes,"
                        + " then goes on with the bytes that come %,d later in what was sent (%,d of %,d bytes came"
                        + " back in all).%s", same, skipped, reply.length, expected.length, hint));
            }
            throw new AssertionError(String.format("The reply is right for its first %,d bytes, then byte %,d is"
                    + " 0x%02x where 0x%02x was expected (%,d of %,d bytes came back in all).%s", same, same,
                    reply[same], expected[same], reply.length, expected.length, hint));
        }
        if (reply.length == 0) {
            throw new AssertionError(String.format("Nothing came back: not one of the %,d bytes sent was echoed, and"
                    + " nothing arrived for %d s once the client read.", expected.length, SILENCE.toSeconds()));
        }
        throw new AssertionError(String.format("Only %,d of %,d bytes came back, all of them right, then nothing for"
                + " %d s while the client was reading. If the server left bytes behind after a partial write, they"
                + " are the missing ones.%s", reply.length, expected.length, SILENCE.toSeconds(), hint));
    }

    /** How far ahead in {@code expected} the reply's bytes from {@code at} on are found; 0 if they are not. */
    private static long skippedBytes(byte[] expected, byte[] reply, int at) {
        int probe = Math.min(32, reply.length - at);
        if (probe < 16) {
            return 0; // too few bytes to tell a skip from a coincidence
        }
        for (int later = at + 1; later + probe <= expected.length; later++) {
            if (Arrays.equals(expected, later, later + probe, reply, at, at + probe)) {
                return later - at;
            }
        }
        return 0;
    }

    private static void awaitDoneOrStalled(CompletableFuture<Void> writer, AtomicLong sent) {
        long end = System.nanoTime() + MAX_WAIT_BEFORE_READING.toNanos();
        while (System.nanoTime() - end < 0) {
            long before = sent.get();
            try {
                writer.get(STALL.toMillis(), TimeUnit.MILLISECONDS);
                return; // everything is sent
            } catch (TimeoutException e) {
                if (sent.get() == before) {
                    return; // stuck: the buffers are full both ways
                }
            } catch (ExecutionException e) {
                return; // the connection broke: reading shows how far the reply got
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static byte[] readUntilCompleteOrSilent(TestClient client, int expectedLength) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream(expectedLength);
        byte[] chunk = new byte[CHUNK];
        client.socket().setSoTimeout(Math.toIntExact(SILENCE.toMillis()));
        InputStream in = client.socket().getInputStream();
        try {
            while (reply.size() < expectedLength) {
                int n = in.read(chunk, 0, Math.min(chunk.length, expectedLength - reply.size()));
                if (n == -1) {
                    break; // the server closed the connection: what came so far is the reply
                }
                reply.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException silent) {
            // The server stopped sending: what came so far is the reply.
        }
        return reply.toByteArray();
    }
}
