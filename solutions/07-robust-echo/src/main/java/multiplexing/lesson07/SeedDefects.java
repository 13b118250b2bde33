package multiplexing.lesson07;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import multiplexing.lesson07.SeedEchoLoop.Variant;
import multiplexing.toolkit.Acceptor;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.FlakyAcceptor;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;

/**
 * Shows the seed's defects happening: each scenario gives the same clients to {@link SeedEchoLoop} (the seed's loop,
 * ported with its defects) and to {@link RobustEchoServer}, and prints what each did. Every scenario runs for a
 * bounded time and stops its servers; the whole run takes about half a minute.
 *
 * <p>{@code SeedDefects [SCENARIO...]}, scenarios: end-of-stream, reset, partial-writes, several-reads,
 * backpressure, accept-failures, idle-loop, many-clients (default: all).
 */
public final class SeedDefects {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final int QUIET_MILLIS = 1000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SeedDefects() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Scenario> scenarios = scenarios();
        List<String> chosen = args.length == 0 ? List.copyOf(scenarios.keySet()) : List.of(args);
        for (String name : chosen) {
            if (!scenarios.containsKey(name)) {
                System.err.println("Unknown scenario '" + name + "'. Scenarios: " + String.join(", ", scenarios.keySet()));
                System.exit(2);
            }
        }
        for (String name : chosen) {
            scenarios.get(name).run();
            System.out.println();
        }
    }

    private static Map<String, Scenario> scenarios() {
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("end-of-stream", SeedDefects::endOfStream);
        scenarios.put("reset", SeedDefects::reset);
        scenarios.put("partial-writes", SeedDefects::partialWrites);
        scenarios.put("several-reads", SeedDefects::severalReads);
        scenarios.put("backpressure", SeedDefects::backpressure);
        scenarios.put("accept-failures", SeedDefects::acceptFailures);
        scenarios.put("idle-loop", SeedDefects::idleLoop);
        scenarios.put("many-clients", SeedDefects::manyClients);
        return scenarios;
    }

    /** A client says hello and leaves; what does the loop do in the next second? */
    static void endOfStream() throws Exception {
        title("end-of-stream: a client sends 5 bytes, reads them back and closes; the loop in the next second");
        for (Running loop : List.of(seed(Variant.AS_WRITTEN), robust(Settings.ECHO))) {
            try (loop) {
                try (Socket client = connect(loop)) {
                    roundTrip(client, 5);
                }
                loop.reportWhileQuiet("after the client closed");
            }
        }
    }

    /**
     * One client resets; is another client, connected before, still served? The seed loop has no EPOLLHUP branch (a
     * Selector has no hang-up flag), so it does what the seed's variant 2 does, not variant 1: see SeedEchoLoop.
     */
    static void reset() throws Exception {
        title("reset: client A is connected; client B sends 64 KiB and resets; then A sends 5 bytes");
        for (Running loop : List.of(seed(Variant.AS_WRITTEN).named("seed loop, as variant 2"),
                robust(Settings.ECHO))) {
            try (loop; Socket a = connect(loop)) {
                roundTrip(a, 5);
                Socket b = connect(loop);
                b.getOutputStream().write(random(64 * 1024));
                b.setSoLinger(true, 0);
                b.close();
                loop.settle();
                loop.report(tryRoundTrip(a, 5) ? "A got its 5 bytes back" : "A got no reply");
            }
        }
    }

    /** Far more than the socket buffers hold, read back only once it is all sent: does every byte come back? */
    static void partialWrites() throws Exception {
        title("partial-writes: a client sends 16 MiB and starts reading once it has sent them (or after 2 s)");
        byte[] payload = random(16 * 1024 * 1024);
        List<Running> loops = List.of(seed(Variant.AS_WRITTEN),
                seed(Variant.WRITES_AT_ONCE).named("seed loop, writing at once"), robust(Settings.ECHO));
        for (Running loop : loops) {
            try (loop; Socket client = connect(loop)) {
                long wakeUpsBefore = loop.wakeUps.getAsLong();
                CompletableFuture<Void> sending = sendOnItsOwnThread(client, payload);
                try {
                    sending.get(2, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException stillSending) {
                    // the robust server has stopped reading from a client that does not read: time to read
                }
                byte[] back = readUntilQuiet(client, payload.length);
                loop.report(String.format("%s; %,d wake-ups", describeEcho(payload, back),
                        loop.wakeUps.getAsLong() - wakeUpsBefore));
            }
        }
    }

    /** Many small pieces sent without waiting: the seed as written, the seed with OP_READ kept on, the robust server. */
    static void severalReads() throws Exception {
        title("several-reads: a client sends 1,000 pieces of 100 bytes without waiting, then reads");
        byte[] payload = random(100_000);
        List<Running> loops = List.of(seed(Variant.AS_WRITTEN),
                seed(Variant.KEEPS_READING).named("seed loop, OP_READ kept on"), robust(Settings.ECHO));
        for (Running loop : loops) {
            try (loop; Socket client = connect(loop)) {
                // No Nagle: each piece leaves at once, so bytes keep arriving while the server works. A read still
                // takes whatever has arrived, up to 1 KiB, so one read merges several pieces; what matters is that
                // more arrive before the echo is written, and a second read replaces the first in wdata.
                client.setTcpNoDelay(true);
                for (int offset = 0; offset < payload.length; offset += 100) {
                    client.getOutputStream().write(payload, offset, 100);
                }
                loop.report(describeEcho(payload, readUntilQuiet(client, payload.length)));
            }
        }
    }

    /** A client that sends and never reads: how much does the server hold for it? */
    static void backpressure() throws Exception {
        title("backpressure: a client sends 64 MiB and reads nothing; after 2 s, what the server holds for it");
        byte[] payload = random(64 * 1024 * 1024);
        List<Running> loops = List.of(robust(Settings.ECHO), robust(Settings.ECHO.withPendingLimit(Integer.MAX_VALUE))
                .named("RobustEchoServer without its limit"));
        for (Running loop : loops) {
            try (loop; Socket client = connect(loop); Socket other = connect(loop)) {
                CompletableFuture<Void> sending = sendOnItsOwnThread(client, payload);
                try {
                    sending.get(2, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException blocked) {
                    // expected from a server that stopped reading: the client's writes block
                }
                RobustEchoServer server = (RobustEchoServer) loop.server;
                loop.report(String.format("holds %,d bytes (limit %,d); the client's sending %s; another client %s",
                        server.pendingBytes(), server.pendingLimit(),
                        sending.isDone() ? "is done" : "is blocked", tryRoundTrip(other, 5) ? "is served" : "is not"));
            }
        }
    }

    /** accept fails with "Too many open files" while a client is connected. */
    static void acceptFailures() throws Exception {
        title("accept-failures: client A is connected; accept then fails for 1 s with \"Too many open files\"");
        for (boolean seed : new boolean[] {true, false}) {
            FlakyAcceptor acceptor = new FlakyAcceptor();
            List<String> log = new CopyOnWriteArrayList<>();
            Running loop = seed ? seed(Variant.AS_WRITTEN, acceptor)
                    : robust(Settings.ECHO.withAcceptor(acceptor), log::add);
            try (loop; Socket a = connect(loop); Socket b = new Socket()) {
                roundTrip(a, 5);
                acceptor.startFailing();
                // The kernel completes B's connection and the server's accept fails. The seed loop dies of it and
                // closes its listener, which may reset B before its connect returns: B is then not served either.
                boolean bConnected = tryConnect(b, loop);
                acceptor.awaitFirstFailure(2, TimeUnit.SECONDS);
                boolean aServed = tryRoundTrip(a, 5);
                loop.reportWhileQuiet("while accept fails");
                acceptor.stopFailing();
                loop.report(String.format("accept tried %,d times; A %s while it failed; B %s afterwards",
                        acceptor.attempts(), aServed ? "served" : "not served",
                        bConnected && tryRoundTrip(b, 5) ? "served" : "not served"));
                log.forEach(line -> loop.report("log: " + line));
            }
        }
    }

    /** A thousand idle clients: how often does the loop wake up, before and after one of them leaves? */
    static void idleLoop() throws Exception {
        title("idle-loop: 1,000 idle clients connected (each did one round trip); then one of them leaves");
        SeedEchoLoop literalPort = new SeedEchoLoop(LOOPBACK, 10, Variant.AS_WRITTEN, Acceptor.SYSTEM);
        List<Running> loops = List.of(seed(Variant.AS_WRITTEN),
                new Running(literalPort, "seed loop, select(10) = 10 ms", literalPort::wakeUps),
                robust(Settings.ECHO));
        for (Running loop : loops) {
            List<Socket> clients = new ArrayList<>();
            try (loop) {
                for (int i = 0; i < 1000; i++) {
                    Socket client = connect(loop);
                    clients.add(client);
                    roundTrip(client, 16);
                }
                loop.reportWhileQuiet("1,000 idle clients");
                clients.getFirst().close();
                loop.reportWhileQuiet("one of them has left");
            } finally {
                clients.forEach(Quietly::close);
            }
        }
    }

    /** A thousand clients at once, 8 KiB each, reading while they write. */
    static void manyClients() throws Exception {
        title("many-clients: 1,000 clients connect at once and each echoes 8 KiB, writing and reading concurrently");
        for (Running loop : List.of(seed(Variant.AS_WRITTEN), robust(Settings.ECHO))) {
            try (loop; ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                long start = System.nanoTime();
                List<Future<Boolean>> exchanges = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    exchanges.add(threads.submit(() -> echoesItsOwnBytes(loop, 8 * 1024)));
                }
                int intact = 0;
                for (Future<Boolean> exchange : exchanges) {
                    intact += exchange.get() ? 1 : 0;
                }
                loop.report(String.format("%,d of 1,000 clients got exactly their bytes back, in %,d ms", intact,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
            }
        }
    }

    private static boolean echoesItsOwnBytes(Running loop, int size) {
        try (Socket client = connect(loop)) {
            byte[] payload = random(size);
            sendOnItsOwnThread(client, payload);
            return Arrays.equals(payload, readUntilQuiet(client, size));
        } catch (IOException e) {
            return false;
        }
    }

    // --- the servers under test, each running serve() on a thread of its own -----------------------------------

    /** The seed's loop, with the seed's 10 s timeout. */
    private static Running seed(Variant variant) throws IOException {
        return seed(variant, Acceptor.SYSTEM);
    }

    private static Running seed(Variant variant, Acceptor acceptor) throws IOException {
        SeedEchoLoop loop = new SeedEchoLoop(LOOPBACK, 10_000, variant, acceptor);
        return new Running(loop, "seed loop", loop::wakeUps);
    }

    private static Running robust(Settings settings) throws IOException {
        return robust(settings, EventLog.SILENT);
    }

    private static Running robust(Settings settings, EventLog log) throws IOException {
        RobustEchoServer server = new RobustEchoServer(LOOPBACK, log, settings);
        return new Running(server, "RobustEchoServer", server::wakeUps);
    }

    /** A server whose loop runs on a thread of its own; closing it stops the loop and waits for it. */
    private static final class Running implements AutoCloseable {

        private final Server server;
        private final LongSupplier wakeUps;
        private final Thread thread;
        private volatile Throwable died;
        private String name;

        Running(Server server, String name, LongSupplier wakeUps) {
            this.server = server;
            this.name = name;
            this.wakeUps = wakeUps;
            this.thread = Thread.ofPlatform().name(name).daemon().start(() -> {
                try {
                    server.serve();
                } catch (Throwable e) {
                    died = e;
                }
            });
        }

        /** Gives the loop time to handle what the clients just did: a demonstration, not a test. */
        void settle() throws InterruptedException {
            Thread.sleep(200);
        }

        Running named(String newName) {
            this.name = newName;
            return this;
        }

        /** Prints how often the loop woke up, and how much CPU it used, in one quiet second. */
        void reportWhileQuiet(String when) throws InterruptedException {
            long wakeUpsBefore = wakeUps.getAsLong();
            long cpuBefore = THREADS.getThreadCpuTime(thread.threadId());
            Thread.sleep(QUIET_MILLIS); // a demonstration, not a test: it watches the loop for one second
            long cpu = THREADS.getThreadCpuTime(thread.threadId()) - cpuBefore;
            report(String.format("%,11d wake-ups, %,5d ms of CPU in 1 s, %s", wakeUps.getAsLong() - wakeUpsBefore,
                    Math.max(0, TimeUnit.NANOSECONDS.toMillis(cpu)), when));
        }

        void report(String what) {
            String state = died == null ? "" : "   [the loop has died: " + died.getClass().getSimpleName() + ": "
                    + died.getMessage() + "]";
            System.out.printf("  %-36s %s%s%n", name, what, state);
        }

        @Override
        public void close() {
            server.close();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the demonstration ends; main's next join returns at once
            }
        }
    }

    @FunctionalInterface
    private interface Scenario {
        void run() throws Exception;
    }

    // --- clients ------------------------------------------------------------------------------------------------

    private static Socket connect(Running loop) throws IOException {
        Socket socket = new Socket();
        socket.connect(loop.server.address(), 5_000);
        return socket;
    }

    private static boolean tryConnect(Socket socket, Running loop) {
        try {
            socket.connect(loop.server.address(), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void roundTrip(Socket client, int size) throws IOException {
        if (!tryRoundTrip(client, size)) {
            throw new IOException("no echo from a server that should have answered");
        }
    }

    private static boolean tryRoundTrip(Socket client, int size) {
        try {
            byte[] hello = random(size);
            client.getOutputStream().write(hello);
            return Arrays.equals(hello, readUntilQuiet(client, size));
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads until {@code expected} bytes have come, the server closes, or nothing comes for a second. */
    private static byte[] readUntilQuiet(Socket client, int expected) throws IOException {
        byte[] buffer = new byte[expected];
        int got = 0;
        client.setSoTimeout(QUIET_MILLIS);
        try {
            InputStream in = client.getInputStream();
            for (int n; got < expected && (n = in.read(buffer, got, expected - got)) != -1; ) {
                got += n;
            }
        } catch (SocketTimeoutException quiet) {
            // nothing more is coming
        }
        return Arrays.copyOf(buffer, got);
    }

    private static CompletableFuture<Void> sendOnItsOwnThread(Socket client, byte[] payload) {
        return CompletableFuture.runAsync(() -> {
            try {
                client.getOutputStream().write(payload);
            } catch (IOException e) {
                // the scenario ends by closing the client while it may still be sending
            }
        }, runnable -> Thread.ofPlatform().daemon().start(runnable));
    }

    private static String describeEcho(byte[] sent, byte[] back) {
        String verdict = Arrays.equals(sent, back) ? "identical" : back.length < sent.length ? "the rest is lost"
                : "but not the same bytes";
        return String.format("%,d of %,d bytes came back, %s", back.length, sent.length, verdict);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static void title(String text) {
        System.out.println("== " + text);
    }
}
