package multiplexing.benchmark.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.Quietly;
import org.HdrHistogram.Recorder;

/**
 * Keeps N connections busy against an echo (or uppercase) server and measures each request's latency with
 * HdrHistogram. Every reply is checked byte for byte; a mismatch, a reset, a closed connection or a timeout fails the
 * run.
 *
 * <p>Closed loop: each connection sends a message, reads the whole reply, and sends the next one at once; latency is
 * from send to reply. Open loop: each connection follows a schedule (the offered rate shared among the connections)
 * and a request's latency is measured from the time it <em>should</em> have been sent. When the server stalls, the
 * requests scheduled during the stall are sent late, and their wait counts: a closed loop would instead stop sending
 * and never see those requests at all (coordinated omission).
 *
 * <p>A request counts in the results when its (intended) send time falls in the measured window, after the warm-up.
 */
public final class LoadGenerator {

    private final LoadPlan plan;
    private final Recorder latencies = new Recorder(3); // auto-resizing, 3 significant digits
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile boolean aborting;
    private long runStart;
    private long windowStart;
    private long windowEnd;

    private LoadGenerator(LoadPlan plan) {
        this.plan = plan;
    }

    /**
     * Opens the connections one at a time (each exchanges one message before the next opens, so that a server with a
     * short listen backlog is never flooded), runs the warm-up and the measured window, and closes them.
     *
     * @throws IOException when a connection cannot be opened or its first exchange fails
     */
    public static LoadResult run(LoadPlan plan, WindowListener listener) throws IOException, InterruptedException {
        return new LoadGenerator(plan).run(listener);
    }

    private LoadResult run(WindowListener listener) throws IOException, InterruptedException {
        List<Connection> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < plan.connections(); i++) {
                connections.add(open(i));
            }
            runStart = System.nanoTime();
            windowStart = runStart + plan.warmup().toNanos();
            windowEnd = windowStart + plan.measured().toNanos();
            for (Connection connection : connections) {
                threads.add(Thread.ofVirtual().name("load-" + connection.index).start(connection::run));
            }
            if (!failed.await(windowStart - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                listener.opened();
                boolean failedInWindow = failed.await(windowEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
                listener.closed();
                if (!failedInWindow) {
                    awaitLastReplies(threads);
                }
            }
        } finally {
            aborting = true;
            connections.forEach(Quietly::close);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        return new LoadResult(plan, requests.sum(), errors.sum(), failure.get(), windowEnd - windowStart,
                bytesSent.sum(), bytesReceived.sum(), latencies.getIntervalHistogram());
    }

    /** Requests sent in the window may still wait for their replies: each has the reply timeout, and a bit more. */
    private void awaitLastReplies(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + plan.timeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                fail("a reply did not come within " + plan.timeout().toMillis() + " ms of the end of the window");
                return;
            }
        }
    }

    private Connection open(int index) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // one request, one reply: do not let Nagle's algorithm hold them back
            socket.setSoTimeout(Math.toIntExact(plan.timeout().toMillis()));
            socket.connect(plan.server(), Math.toIntExact(plan.timeout().toMillis()));
            Connection connection = new Connection(index, socket);
            connection.exchange(Long.MIN_VALUE); // before the run: never counted
            return connection;
        } catch (IOException | RuntimeException e) {
            Quietly.close(socket);
            throw e;
        }
    }

    private void fail(String reason) {
        if (failure.compareAndSet(null, reason)) {
            failed.countDown();
        }
    }

    /** One connection: two random binary messages sent in turn, so that a stale or mixed-up reply cannot pass. */
    private final class Connection implements AutoCloseable {
        private final int index;
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[][] messages = new byte[2][];
        private final byte[][] expected = new byte[2][];
        private final byte[] reply;
        private long sent;

        Connection(int index, Socket socket) throws IOException {
            this.index = index;
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
            Random random = new Random(index * 31L + plan.messageBytes());
            for (int i = 0; i < 2; i++) {
                messages[i] = new byte[plan.messageBytes()];
                random.nextBytes(messages[i]);
                expected[i] = plan.uppercase() ? Ascii.toUpperCase(messages[i]) : messages[i];
            }
            this.reply = new byte[plan.messageBytes()];
        }

        void run() {
            try {
                if (plan.openLoop()) {
                    openLoop();
                } else {
                    closedLoop();
                }
            } catch (IOException e) {
                if (!aborting) {
                    errors.increment();
                    fail("connection " + index + ": " + describe(e));
                }
            }
        }

        private void closedLoop() throws IOException {
            while (!aborting) {
                long start = System.nanoTime();
                if (start >= windowEnd) {
                    return;
                }
                exchange(start);
            }
        }

        /** Connection i of n starts i/n of a period late, so that the connections' requests are evenly spread. */
        private void openLoop() throws IOException {
            double periodNanos = plan.connections() * 1e9 / plan.offeredPerSecond();
            double first = runStart + index * periodNanos / plan.connections();
            for (long k = 0; !aborting; k++) {
                long intended = (long) (first + k * periodNanos);
                if (intended >= windowEnd) {
                    return;
                }
                long wait;
                while ((wait = intended - System.nanoTime()) > 0 && !aborting) {
                    LockSupport.parkNanos(wait);
                }
                exchange(intended);
            }
        }

        /** Sends the next message, reads and checks its reply; counts it if {@code from} is in the window. */
        void exchange(long from) throws IOException {
            int turn = (int) (sent++ & 1);
            out.write(messages[turn]);
            bytesSent.add(messages[turn].length);
            int read = in.readNBytes(reply, 0, reply.length);
            bytesReceived.add(read);
            long done = System.nanoTime();
            if (read < reply.length) {
                throw new EOFException("the server closed the connection after " + read + " of the "
                        + reply.length + " bytes of a reply");
            }
            int mismatch = Arrays.mismatch(expected[turn], reply);
            if (mismatch >= 0) {
                throw new IOException(String.format("reply %d differs from what was %s at byte %d: expected 0x%02x,"
                                + " got 0x%02x", sent, plan.uppercase() ? "sent, uppercased," : "sent", mismatch,
                        expected[turn][mismatch], reply[mismatch]));
            }
            if (from >= windowStart && from < windowEnd) {
                requests.increment();
                latencies.recordValue(Math.max(1, (done - from) / 1_000));
            }
        }

        private String describe(IOException e) {
            if (e instanceof SocketTimeoutException) {
                return "no reply within " + plan.timeout().toMillis() + " ms";
            }
            if (e instanceof SocketException && String.valueOf(e.getMessage()).contains("reset")) {
                return "the server reset the connection";
            }
            return e.getMessage();
        }

        @Override
        public void close() {
            Quietly.close(socket);
        }
    }
}
