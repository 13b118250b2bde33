package multiplexing.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many clients at once, each a writer thread and a reader thread ({@link Exchange}), each with its own random
 * payload: a server that mixes up connections, or serves them one at a time, fails. Virtual threads keep a
 * thousand test clients cheap.
 */
public final class ManyClients {

    private ManyClients() {
    }

    /**
     * Connects {@code count} clients first (so they are all open at the same time), then has each send
     * {@code bytesEach} random bytes concurrently, and checks that each gets back {@code expected} of its own bytes.
     */
    public static void echoAtOnce(ServerFixture fixture, int count, int bytesEach, ReplyFunction expected)
            throws IOException, InterruptedException {
        List<TestClient> clients = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                clients.add(fixture.connect());
            }
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> exchanges = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    TestClient client = clients.get(i);
                    int clientNumber = i;
                    exchanges.add(pool.submit(() -> {
                        byte[] payload = Payloads.random(bytesEach);
                        byte[] reply = Exchange.concurrently(client, payload, 4096, bytesEach);
                        Bytes.assertSameBytes(expected.apply(payload), reply, "Client " + clientNumber + " of "
                                + count + " got bytes that are not the reply to its own: are connections mixed up?");
                        return null;
                    }));
                }
                for (Future<?> exchange : exchanges) {
                    await(exchange);
                }
            }
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    private static void await(Future<?> exchange) throws IOException, InterruptedException {
        try {
            exchange.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError assertion) {
                throw assertion;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new AssertionError(e.getCause());
        }
    }

    /** What the server should send back for a payload (the payload itself, for an echo). */
    @FunctionalInterface
    public interface ReplyFunction {
        byte[] apply(byte[] sent);
    }
}
