package multiplexing.benchmark.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.Quietly;
import org.HdrHistogram.Histogram;

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
 * <p>All connections run on one thread with one selector, the way the course's servers do: a thread per connection
 * would spend the load generator's core on switching between threads, and the server would be measured against the
 * client's limit. A request counts in the results when its (intended) send time falls in the measured window.
 */
public final class LoadGenerator {

    /** How often the loop looks for replies that are late, at most. */
    private static final long TIMEOUT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LoadPlan plan;
    private final Histogram latencies = new Histogram(3); // auto-resizing, 3 significant digits, in µs
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final PriorityQueue<Connection> due = new PriorityQueue<>(Comparator.comparingLong(c -> c.nextIntended));
    private final Selector selector;
    private volatile boolean aborting;
    private long requests;
    private long bytesSent;
    private long bytesReceived;
    private long errors;
    private int active;
    private long runStart;
    private long windowStart;
    private long windowEnd;
    private long lastCountedReply;

    private LoadGenerator(LoadPlan plan) throws IOException {
        this.plan = plan;
        this.selector = Selector.open();
    }

    /**
     * Opens the connections one at a time (each exchanges one message before the next opens, so that a server with a
     * short listen backlog is never flooded), runs the warm-up and the measured window, and closes them.
     *
     * @throws IOException when a connection cannot be opened or its first exchange fails
     */
    public static LoadResult run(LoadPlan plan, WindowListener listener) throws IOException, InterruptedException {
        LoadGenerator generator = new LoadGenerator(plan);
        try {
            return generator.run(listener);
        } finally {
            generator.selector.close();
        }
    }

    private LoadResult run(WindowListener listener) throws IOException, InterruptedException {
        List<Connection> connections = new ArrayList<>();
        Thread loop = null;
        try {
            for (int i = 0; i < plan.connections(); i++) {
                connections.add(open(i));
            }
            runStart = System.nanoTime();
            windowStart = runStart + plan.warmup().toNanos();
            windowEnd = windowStart + plan.measured().toNanos();
            loop = Thread.ofPlatform().name("load-generator").start(() -> loop(connections));
            if (!finished.await(windowStart - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                listener.opened();
                finished.await(windowEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
                listener.closed();
                // Requests sent in the window may still wait for their replies: each has the reply timeout.
                if (!finished.await(plan.timeout().toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS)) {
                    fail("a reply did not come within " + plan.timeout().toMillis() + " ms of the end of the window");
                }
            }
        } finally {
            aborting = true;
            selector.wakeup();
            if (loop != null) {
                loop.join();
            }
            connections.forEach(Quietly::close);
        }
        // An open loop that falls behind answers the window's requests after the window: they count over that time.
        long span = Math.max(windowEnd, lastCountedReply) - windowStart;
        return new LoadResult(plan, requests, errors, failure.get(), span, bytesSent, bytesReceived, latencies);
    }

    private Connection open(int index) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().setTcpNoDelay(true); // one request, one reply: Nagle's algorithm would hold them back
            channel.socket().setSoTimeout(Math.toIntExact(plan.timeout().toMillis()));
            channel.socket().connect(plan.server(), Math.toIntExact(plan.timeout().toMillis()));
            Connection connection = new Connection(index, channel);
            connection.firstExchange();
            channel.configureBlocking(false);
            connection.key = channel.register(selector, 0, connection);
            return connection;
        } catch (IOException | RuntimeException e) {
            Quietly.close(channel);
            throw e;
        }
    }

    /** The event loop: starts requests (at once, or when due), writes, reads, checks, until every connection ends. */
    private void loop(List<Connection> connections) {
        try {
            active = connections.size();
            for (Connection connection : connections) {
                if (plan.openLoop()) {
                    connection.nextIntended = runStart + Math.round(connection.index * periodNanos()
                            / plan.connections()); // spread evenly over one period
                    due.add(connection);
                } else {
                    connection.begin(runStart);
                }
            }
            long nextTimeoutCheck = System.nanoTime() + TIMEOUT_CHECK_NANOS;
            while (active > 0 && !aborting) {
                long now = System.nanoTime();
                while (!due.isEmpty() && due.peek().nextIntended <= now) {
                    Connection connection = due.poll();
                    connection.begin(connection.nextIntended);
                }
                if (now >= nextTimeoutCheck) {
                    for (Connection connection : connections) {
                        connection.checkTimeout(now);
                    }
                    nextTimeoutCheck = now + TIMEOUT_CHECK_NANOS;
                }
                long until = due.isEmpty() ? nextTimeoutCheck : Math.min(nextTimeoutCheck, due.peek().nextIntended);
                long waitMillis = (until - System.nanoTime()) / 1_000_000; // rounded down: never wake up late
                if (waitMillis > 0) {
                    selector.select(waitMillis);
                } else {
                    selector.selectNow();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Connection) key.attachment()).handle(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            fail("the load generator's selector failed: " + e.getMessage());
        } catch (ConnectionFailed e) {
            errors++;
            fail(e.getMessage());
        } finally {
            finished.countDown();
        }
    }

    private double periodNanos() {
        return plan.connections() * 1e9 / plan.offeredPerSecond();
    }

    private void fail(String reason) {
        failure.compareAndSet(null, reason);
        aborting = true;
    }

    /** A connection's failure, with the sentence that says which connection and what happened. */
    private static final class ConnectionFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConnectionFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** One connection: two random binary messages sent in turn, so that a stale or mixed-up reply cannot pass. */
    private final class Connection implements AutoCloseable {
        private final int index;
        private final SocketChannel channel;
        private final byte[][] messages = new byte[2][];
        private final byte[][] expected = new byte[2][];
        private final byte[] reply;
        private final ByteBuffer replyBuffer;
        private SelectionKey key;
        private ByteBuffer out;
        private int turn;
        private long sent;
        private long from;
        private long sentAt;
        private boolean waiting;
        private long nextIntended;

        Connection(int index, SocketChannel channel) {
            this.index = index;
            this.channel = channel;
            Random random = new Random(index * 31L + plan.messageBytes());
            for (int i = 0; i < 2; i++) {
                messages[i] = new byte[plan.messageBytes()];
                random.nextBytes(messages[i]);
                expected[i] = plan.uppercase() ? Ascii.toUpperCase(messages[i]) : messages[i];
            }
            this.reply = new byte[plan.messageBytes()];
            this.replyBuffer = ByteBuffer.wrap(reply);
        }

        /** Blocking, before the run: one message and its reply. Never counted. */
        void firstExchange() throws IOException {
            OutputStream output = channel.socket().getOutputStream();
            InputStream input = channel.socket().getInputStream();
            output.write(messages[0]);
            bytesSent += reply.length;
            int read = input.readNBytes(reply, 0, reply.length);
            bytesReceived += read;
            if (read < reply.length) {
                throw new EOFException("the server closed connection " + index + " during its first exchange");
            }
            int mismatch = Arrays.mismatch(expected[0], reply);
            if (mismatch >= 0) {
                throw new IOException("the first reply on connection " + index + " " + difference(0, mismatch));
            }
            sent = 1;
        }

        /** Starts a request whose latency counts from {@code intendedStart}. */
        void begin(long intendedStart) {
            if (intendedStart >= windowEnd) {
                end();
                return;
            }
            turn = (int) (sent++ & 1);
            from = intendedStart;
            sentAt = System.nanoTime();
            waiting = true;
            out = ByteBuffer.wrap(messages[turn]);
            replyBuffer.clear();
            write();
        }

        void handle(SelectionKey selected) {
            if (selected.isValid() && selected.isWritable()) {
                write();
            }
            if (selected.isValid() && selected.isReadable()) {
                read();
            }
        }

        /** Writes what the socket takes; reads stay on meanwhile, since a long echo comes back while it is sent. */
        private void write() {
            try {
                bytesSent += channel.write(out);
            } catch (IOException e) {
                throw failed(e);
            }
            key.interestOps(SelectionKey.OP_READ | (out.hasRemaining() ? SelectionKey.OP_WRITE : 0));
        }

        private void read() {
            int n;
            try {
                n = channel.read(replyBuffer);
            } catch (IOException e) {
                throw failed(e);
            }
            if (n < 0) {
                throw new ConnectionFailed("connection " + index + ": the server closed the connection after "
                        + replyBuffer.position() + " of the " + reply.length + " bytes of a reply");
            }
            bytesReceived += n;
            if (!waiting && n > 0) {
                throw new ConnectionFailed("connection " + index + ": the server sent bytes nobody asked for");
            }
            if (!replyBuffer.hasRemaining()) {
                complete();
            }
        }

        private void complete() {
            long done = System.nanoTime();
            int mismatch = Arrays.mismatch(expected[turn], reply);
            if (mismatch >= 0) {
                throw new ConnectionFailed("connection " + index + ": reply " + sent + " " + difference(turn, mismatch));
            }
            waiting = false;
            if (from >= windowStart && from < windowEnd) {
                requests++;
                lastCountedReply = done;
                latencies.recordValue(Math.max(1, (done - from) / 1_000));
            }
            if (plan.openLoop()) {
                nextIntended = from + Math.round(periodNanos());
                if (nextIntended >= windowEnd) {
                    end();
                } else {
                    due.add(this);
                }
            } else {
                begin(done);
            }
        }

        void checkTimeout(long now) {
            if (waiting && now - sentAt > plan.timeout().toNanos()) {
                throw new ConnectionFailed("connection " + index + ": no reply within " + plan.timeout().toMillis()
                        + " ms");
            }
        }

        private void end() {
            active--;
            key.interestOps(SelectionKey.OP_READ); // still read: bytes that arrive now were never asked for
        }

        private String difference(int message, int at) {
            return String.format("differs from what was %s at byte %d: expected 0x%02x, got 0x%02x",
                    plan.uppercase() ? "sent, uppercased," : "sent", at, expected[message][at], reply[at]);
        }

        private ConnectionFailed failed(IOException e) {
            String what = e instanceof SocketTimeoutException ? "no reply within " + plan.timeout().toMillis() + " ms"
                    : e instanceof SocketException && String.valueOf(e.getMessage()).contains("reset")
                    ? "the server reset the connection" : e.getMessage();
            return new ConnectionFailed("connection " + index + ": " + what);
        }

        @Override
        public void close() {
            Quietly.close(channel);
        }
    }
}
