package multiplexing.testkit;

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

/**
 * A client that sends first and reads late, and a verdict on what came back. While it does not read, its replies fill
 * the buffers between server and client, the server can no longer write, and its client keeps sending: a server that
 * reads again while a reply is still pending, and replaces that reply, loses bytes here. Unlike the testkit's
 * {@link LateReader}, it keeps whatever arrived, so that a failure can say where the reply went wrong.
 *
 * <p>It does not make the seed's design lose what a write leaves over: on Linux, a socket that epoll reports
 * writable has room for far more than the 1024 bytes of one reply, so that write is always taken whole.
 */
public final class LateReading {

    /** The client's receive buffer: small, so that the server's replies back up after a few MiB, not after 32. */
    public static final int SMALL_RECEIVE_BUFFER = 64 * 1024;
    /** More than the buffers between server and client hold, with the receive buffer above. */
    public static final int PAYLOAD = LateReader.PAYLOAD;

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
    public static byte[] sendThenRead(TestClient client, byte[] payload, int expectedLength) throws IOException {
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
    public static void assertWholeReply(byte[] expected, byte[] reply) {
        int same = Arrays.mismatch(expected, reply);
        if (same == -1) {
            return;
        }
        String hint = " A reply was replaced, or dropped, before it had all gone out. While a reply is pending, the"
                + " key's interest must be OP_WRITE alone: interestOps(OP_WRITE) replaces OP_READ, whereas adding"
                + " OP_WRITE to it lets the next read attach a new buffer over the pending one. Back to OP_READ only"
                + " once the buffer is empty.";
        if (same < reply.length) {
            long skipped = skippedBytes(expected, reply, same);
            if (skipped > 0) {
                throw new AssertionError(String.format("Bytes were lost: the reply is right for its first %,d bytes,"
                        + " then goes on with the bytes that come %,d later in what was sent (%,d of %,d bytes came"
                        + " back in all).%s", same, skipped, reply.length, expected.length, hint));
            }
            throw new AssertionError(String.format("The reply is right for its first %,d bytes, then byte %,d is"
                    + " 0x%02x where 0x%02x was expected (%,d of %,d bytes came back in all).", same, same,
                    reply[same], expected[same], reply.length, expected.length));
        }
        if (reply.length == 0) {
            throw new AssertionError(String.format("Nothing came back: not one of the %,d bytes sent was echoed, and"
                    + " nothing arrived for %d s once the client read.", expected.length, SILENCE.toSeconds()));
        }
        throw new AssertionError(String.format("Only %,d of %,d bytes came back, all of them right, then nothing for"
                + " %d s while the client was reading: bytes the server read were never sent back.%s", reply.length,
                expected.length, SILENCE.toSeconds(), hint));
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
