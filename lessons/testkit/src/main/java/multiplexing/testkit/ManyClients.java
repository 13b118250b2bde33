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
                try {
                    clients.add(fixture.connect());
                } catch (AssertionError e) {
                    fixture.assertLoopRunning(); // a dead loop is the whole story
                    throw new AssertionError("Client " + (i + 1) + " of " + count + " could not connect (" + i
                            + " had). " + e.getMessage(), e.getCause());
                }
            }
            List<byte[]> payloads = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                payloads.add(Payloads.random(bytesEach));
            }
            List<Future<?>> exchanges = new ArrayList<>(count);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < count; i++) {
                    TestClient client = clients.get(i);
                    byte[] payload = payloads.get(i);
                    int clientNumber = i + 1;
                    exchanges.add(pool.submit(() -> {
                        byte[] reply = Exchange.concurrently(client, payload, 4096, bytesEach);
                        assertOwnReply(clientNumber, count, payloads, expected, reply);
                        return null;
                    }));
                }
                // Every exchange ends by itself: with its reply, or after a stall of TestClient.REPLY_DEADLINE.
                for (Future<?> exchange : exchanges) {
                    awaitQuietly(exchange);
                }
            }
            report(fixture, clients, exchanges, bytesEach);
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    private static void assertOwnReply(int clientNumber, int count, List<byte[]> payloads, ReplyFunction expected,
                                       byte[] reply) {
        byte[] sent = payloads.get(clientNumber - 1);
        byte[] wanted = expected.apply(sent);
        int position = Bytes.firstDifference(wanted, reply);
        if (position < 0) {
            return;
        }
        String hint = "";
        byte[] probe = Bytes.probe(reply, position);
        for (int other = 0; other < payloads.size(); other++) {
            if (other != clientNumber - 1 && Bytes.indexOf(expected.apply(payloads.get(other)), probe) >= 0) {
                hint = "From there on, client " + clientNumber + " got the reply to client " + (other + 1) + "'s"
                        + " bytes: replies must go back on the connection their bytes were read from.";
                break;
            }
        }
        Bytes.assertReply(sent, wanted, reply, "(client " + clientNumber + " of " + count + ") " + hint);
    }

    private static void awaitQuietly(Future<?> exchange) throws InterruptedException {
        try {
            exchange.get();
        } catch (ExecutionException e) {
            // report() looks at every outcome once all are known
        }
    }

    /** Fails with what was observed across all the clients, if any of them failed. */
    private static void report(ServerFixture fixture, List<TestClient> clients, List<Future<?>> exchanges,
                               int bytesEach) throws IOException {
        fixture.assertLoopRunning();
        int full = 0;
        int partly = 0;
        int nothing = 0;
        Throwable stall = null;
        for (int i = 0; i < exchanges.size(); i++) {
            if (exchanges.get(i).state() == Future.State.SUCCESS) {
                full++;
                continue;
            }
            Throwable failure = exchanges.get(i).exceptionNow();
            if (failure instanceof AssertionError assertion && !isStall(assertion)) {
                throw assertion; // a wrong reply, or a broken connection: that client's own story says more
            }
            if (failure instanceof IOException io) {
                throw io;
            }
            stall = stall == null ? failure : stall;
            if (clients.get(i).bytesReceived() == 0) {
                nothing++;
            } else {
                partly++;
            }
        }
        if (stall == null) {
            return;
        }
        int count = exchanges.size();
        String question = full + partly == 0 ? "not one client was served."
                : String.format("only %d of %d clients served at once?", full + partly, count);
        throw new AssertionError(String.format("Only %d of %d clients got their full reply of %,d bytes; %d got part"
                + " of it and %d got nothing, each then waiting %d s without a byte: %s%s", full, count, bytesEach,
                partly, nothing, TestClient.REPLY_DEADLINE.toSeconds(), question, fixture.whereTheServerIs()), stall);
    }

    private static boolean isStall(AssertionError failure) {
        String message = String.valueOf(failure.getMessage());
        return message.startsWith("No reply") || message.startsWith("The reply stopped");
    }

    /** What the server should send back for a payload (the payload itself, for an echo). */
    @FunctionalInterface
    public interface ReplyFunction {
        byte[] apply(byte[] sent);
    }
}
