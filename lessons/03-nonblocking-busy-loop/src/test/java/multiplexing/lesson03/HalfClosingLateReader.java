package multiplexing.lesson03;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that sends everything, ends its side of the connection (half-close: FIN), and reads the reply late and in
 * small pieces, until the server closes. Every byte must come back before the end of stream: a server that closes
 * when it reads -1, or that forgets bytes a write did not take, loses some.
 *
 * <p>It cannot force the server to read -1 while bytes are still pending: on loopback, the busy loop's writes of its
 * 8 KiB buffer mostly take all of it or nothing, so that state is rare, and a server that closes at -1 without
 * flushing usually gets away with it here.
 */
final class HalfClosingLateReader {

    /** More than loopback's buffers hold both ways, so that the reply backs up until the client reads. */
    static final int PAYLOAD = 16 * 1024 * 1024;

    private static final int CHUNK = 64 * 1024;
    /** Reads this much at a time: slower than the server writes, so that the reply stays backed up to the end. */
    private static final int READ_SIZE = 1024;
    /** No progress for this long: the buffers are full. Decides only when reading starts, never a verdict. */
    private static final Duration STALL = Duration.ofMillis(200);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /** Not one byte for this long while reading the reply: the server stopped. */
    private static final int SILENCE_MILLIS = 10_000;

    private HalfClosingLateReader() {
    }

    /** Sends {@code payload}, half-closes, and returns every byte that arrives until the server closes. */
    static byte[] exchange(Socket socket, byte[] payload) throws IOException {
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> writer = new CompletableFuture<>();
        Thread.ofPlatform().name("half-closing-writer").daemon().start(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (int offset = 0; offset < payload.length; offset += CHUNK) {
                    int length = Math.min(CHUNK, payload.length - offset);
                    out.write(payload, offset, length);
                    sent.addAndGet(length);
                }
                socket.shutdownOutput(); // FIN: the server's read returns -1 once it has read everything before it
                writer.complete(null);
            } catch (Throwable e) {
                writer.completeExceptionally(e);
            }
        });
        awaitDoneOrStalled(writer, sent);
        ByteArrayOutputStream reply = new ByteArrayOutputStream(payload.length);
        socket.setSoTimeout(SILENCE_MILLIS);
        InputStream in = socket.getInputStream();
        byte[] piece = new byte[READ_SIZE];
        try {
            for (int n; (n = in.read(piece)) != -1; ) {
                reply.write(piece, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError(String.format("No byte for %d s after %,d of %,d bytes had come back, and the"
                    + " connection is still open: the server stopped sending.", SILENCE_MILLIS / 1000, reply.size(),
                    payload.length), e);
        }
        writer.join();
        return reply.toByteArray();
    }

    private static void awaitDoneOrStalled(CompletableFuture<Void> writer, AtomicLong sent) {
        long end = System.nanoTime() + MAX_WAIT.toNanos();
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
                return; // the connection broke: reading shows how
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
