package multiplexing.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that reads the reply only once it has sent all it can. Meanwhile the reply fills the socket buffers
 * between server and client, so the server's writes meet a full buffer and take fewer bytes than offered (or none):
 * a non-blocking server that forgets the rest loses bytes here. A client that reads as it writes ({@link Exchange})
 * rarely gets that far on loopback, whose buffers grow to megabytes.
 */
public final class LateReader {

    /** Send at least this much: more than loopback's buffers hold, so the writer stalls and the server's writes too. */
    public static final int PAYLOAD = 16 * 1024 * 1024;

    /** No progress for this long: the buffers are full. Only how soon reading starts depends on it, never a verdict. */
    private static final Duration STALL = Duration.ofMillis(200);
    /** Starts reading after this at the latest, stalled or not. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final int CHUNK = 64 * 1024;

    private LateReader() {
    }

    /** Sends {@code payload} from a writer thread, then reads {@code replyLength} bytes once the writer is stuck. */
    public static byte[] exchange(TestClient client, byte[] payload, int replyLength) throws IOException {
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> writer = new CompletableFuture<>();
        Thread.ofPlatform().name("late-reader-writer").daemon().start(() -> {
            try {
                for (int offset = 0; offset < payload.length; offset += CHUNK) {
                    int length = Math.min(CHUNK, payload.length - offset);
                    client.send(payload, offset, length);
                    sent.addAndGet(length);
                }
                writer.complete(null);
            } catch (Throwable e) {
                writer.completeExceptionally(e);
            }
        });
        awaitDoneOrStalled(writer, sent);
        byte[] reply = client.receive(replyLength);
        writer.join();
        return reply;
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
                return; // the connection broke: receive() reports why
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
