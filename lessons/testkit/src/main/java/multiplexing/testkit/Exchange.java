package multiplexing.testkit;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client that is not lock-step: one thread writes the payload in random chunk sizes while the calling thread reads
 * the reply. A server that only works when each request is read back before the next is written fails here, and so
 * does one that loses or reorders bytes when writes and reads overlap.
 */
public final class Exchange {

    private Exchange() {
    }

    /** Sends {@code payload} from a writer thread and returns the {@code replyLength} bytes read meanwhile. */
    public static byte[] concurrently(TestClient client, byte[] payload, int maxChunk, int replyLength)
            throws IOException {
        long seed = ThreadLocalRandom.current().nextLong();
        CompletableFuture<Void> writer = new CompletableFuture<>();
        Thread.ofPlatform().name("writer").daemon().start(() -> {
            try {
                writeInChunks(client, payload, new Random(seed), maxChunk);
                writer.complete(null);
            } catch (Throwable e) {
                writer.completeExceptionally(e);
            }
        });
        byte[] reply = client.receive(replyLength);
        writer.join();
        return reply;
    }

    /** The same, for an echo: the reply must be the payload itself. */
    public static byte[] echoConcurrently(TestClient client, byte[] payload, int maxChunk) throws IOException {
        return concurrently(client, payload, maxChunk, payload.length);
    }

    private static void writeInChunks(TestClient client, byte[] payload, Random random, int maxChunk)
            throws IOException {
        for (int offset = 0; offset < payload.length; ) {
            int length = Math.min(Payloads.chunkSize(random, maxChunk), payload.length - offset);
            client.send(payload, offset, length);
            offset += length;
        }
    }
}
