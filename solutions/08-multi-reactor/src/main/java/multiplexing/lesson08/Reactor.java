package multiplexing.lesson08;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.PendingTally;
import multiplexing.toolkit.Quietly;

/**
 * One event loop: a thread of its own and a {@link Selector} of its own, serving its share of the connections with
 * lesson 07's loop. Connections reach it either from the acceptor thread, through {@link #handOff}, or, with
 * {@code --reuseport}, from a listening channel of its own.
 *
 * <p>Everything here runs on the reactor's thread except {@link #handOff}, {@link #stop} and the counters, which
 * other threads call: that is why the hand-off goes through a concurrent queue and the counters are atomic.
 */
final class Reactor implements Runnable {

    private static final int READ_BUFFER_SIZE = 64 * 1024;
    private static final int ACCEPTS_PER_WAKE_UP = 64;

    private final String name;
    private final Settings settings;
    private final EventLog log;
    private final boolean verbose;
    private final boolean reportOnStop;
    private final PendingTally pending;
    private final Selector selector;
    /** Channels the acceptor has accepted for this reactor and the reactor has not registered yet. */
    private final Queue<SocketChannel> newcomers = new ConcurrentLinkedQueue<>();
    /** With --reuseport, the reactor's own listening channel (and key); otherwise null. */
    private final ServerSocketChannel listener;
    private final SelectionKey listenerKey;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicLong wakeUps = new AtomicLong();
    private boolean acceptPaused;
    private long acceptResumesAt;
    private volatile boolean stopping;

    /**
     * @param listener with --reuseport, the reactor's own bound listening channel (the reactor accepts from it and
     *                 closes it); otherwise null, and connections arrive through {@link #handOff}
     * @param reportOnStop log, as the loop ends, how many connections this reactor served ({@code --stats})
     */
    Reactor(String name, Settings settings, EventLog log, PendingTally pending, ServerSocketChannel listener,
            boolean reportOnStop) throws IOException {
        this.name = name;
        this.settings = settings;
        this.log = log;
        this.verbose = settings.verbose();
        this.reportOnStop = reportOnStop;
        this.pending = pending;
        this.listener = listener;
        this.selector = Selector.open();
        try {
            if (listener != null) {
                listener.configureBlocking(false);
                this.listenerKey = listener.register(selector, SelectionKey.OP_ACCEPT);
            } else {
                this.listenerKey = null;
            }
        } catch (IOException e) {
            selector.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** How many connections this reactor has registered since it started. */
    int served() {
        return served.get();
    }

    /** How many times the loop has returned from {@code select}: an idle reactor must not add to it. */
    long wakeUps() {
        return wakeUps.get();
    }

    // tag::hand-off[]
    /** Called by the acceptor thread: gives this reactor a newly accepted channel to serve. */
    void handOff(SocketChannel channel) {
        newcomers.add(channel); // the reactor registers it on its own thread, at the top of its loop
        selector.wakeup();      // it may be asleep in select(), which would not see the new channel until it returns
    }
    // end::hand-off[]

    /** Asks the loop to end: it wakes up, leaves, and releases everything on its own thread. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    // tag::event-loop[]
    @Override
    public void run() {
        try {
            while (!stopping) {
                registerNewcomers();
                selector.select(selectTimeoutMillis()); // sleeps until a socket is ready or wakeup() is called
                wakeUps.incrementAndGet();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    handle(key);
                }
                resumeAcceptingWhenDue();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + "'s selector failed", e);
        } finally {
            releaseEverything();
            if (reportOnStop) {
                log.log(name + " served " + served() + " connections");
            }
        }
    }
    // end::event-loop[]

    // tag::drain[]
    /** Registers, on this reactor's thread, every channel the acceptor has handed over since the last time. */
    private void registerNewcomers() {
        for (SocketChannel channel; (channel = newcomers.poll()) != null; ) {
            register(channel);
        }
    }
    // end::drain[]

    private void register(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            // An echo answers small writes at once: exactly what Nagle's algorithm would hold back.
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (settings.sendBufferSize() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, settings.sendBufferSize());
            }
            String peer = Addresses.format((InetSocketAddress) channel.getRemoteAddress());
            channel.register(selector, SelectionKey.OP_READ, new Connection(channel, peer, pending));
            served.incrementAndGet();
            if (verbose) {
                log.log(name + ": Connected: " + peer);
            }
        } catch (IOException e) {
            // The client left before we could set it up (a reset right after connecting): nothing to serve.
            Quietly.close(channel);
        }
    }

    // --- lesson 07's loop, unchanged but for the reactor's name in the log ---------------------------------------

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return; // closed earlier in this round
        }
        if (key.isAcceptable()) {
            acceptClients();
            return;
        }
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                read(key, connection);
            }
            if (key.isValid() && key.isWritable()) {
                write(key, connection);
            }
        } catch (IOException e) {
            // A reset or a broken pipe belongs to this one client: close its connection, serve the others.
            close(key, connection, "connection lost (" + e.getMessage() + ")");
        }
    }

    /** With --reuseport only: this reactor accepts from its own listening channel, as lesson 07's loop did. */
    private void acceptClients() {
        for (int i = 0; i < ACCEPTS_PER_WAKE_UP; i++) {
            SocketChannel channel;
            try {
                channel = settings.acceptor().accept(listener);
            } catch (IOException e) {
                pauseAccepting(e);
                return;
            }
            if (channel == null) {
                return; // the listen queue is empty
            }
            register(channel);
        }
    }

    private void pauseAccepting(IOException e) {
        // The connection stays in the listen queue and the listener stays ready: stop asking for a while.
        listenerKey.interestOps(0);
        acceptPaused = true;
        acceptResumesAt = System.nanoTime() + settings.acceptPause().toNanos();
        log.log(name + ": Cannot accept a connection (" + e.getMessage() + "): pausing accepts for "
                + settings.acceptPause().toMillis() + " ms; connected clients are still served.");
    }

    private long selectTimeoutMillis() {
        if (!acceptPaused) {
            return 0; // no timeout: only a ready socket, a hand-off or stop() wakes the loop
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(acceptResumesAt - System.nanoTime());
        return Math.max(1, millis); // 0 would mean "no timeout"
    }

    private void resumeAcceptingWhenDue() {
        if (acceptPaused && System.nanoTime() - acceptResumesAt >= 0) {
            acceptPaused = false;
            listenerKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    private void read(SelectionKey key, Connection connection) throws IOException {
        // Never read more than the connection may still hold: its pending bytes stay within the limit.
        long room = settings.pendingLimit() - connection.pendingBytes();
        readBuffer.clear().limit((int) Math.min(readBuffer.capacity(), room));
        int n = connection.channel().read(readBuffer);
        if (n == -1) {
            endOfStream(key, connection);
            return;
        }
        readBuffer.flip();
        if (settings.uppercase()) {
            Ascii.toUpperCase(readBuffer);
        }
        int written = connection.send(readBuffer);
        if (verbose) {
            log.log(name + ": Read " + n + " bytes from " + connection.peer() + ", wrote " + written + " back, "
                    + connection.pendingBytes() + " pending");
        }
        updateInterest(key, connection);
    }

    private void endOfStream(SelectionKey key, Connection connection) {
        connection.endInput(); // -1: the client sends nothing more; it may still be reading (a half-close)
        if (connection.hasPending()) {
            updateInterest(key, connection); // OP_WRITE only: finish the echo, then close (in write)
        } else {
            close(key, connection, "closed by the client");
        }
    }

    private void write(SelectionKey key, Connection connection) throws IOException {
        int written = connection.flush();
        if (verbose) {
            log.log(name + ": Wrote " + written + " bytes to " + connection.peer() + ", " + connection.pendingBytes()
                    + " pending");
        }
        if (connection.inputEnded() && !connection.hasPending()) {
            close(key, connection, "closed after its echo was complete");
            return;
        }
        updateInterest(key, connection);
    }

    private void updateInterest(SelectionKey key, Connection connection) {
        int ops = 0;
        if (!connection.inputEnded() && connection.pendingBytes() < settings.pendingLimit()) {
            ops |= SelectionKey.OP_READ; // at the limit, stop reading: the client's bytes wait in the kernel
        }
        if (connection.hasPending()) {
            ops |= SelectionKey.OP_WRITE; // only while bytes wait: an empty socket buffer is writable all the time
        }
        key.interestOps(ops);
    }

    private void close(SelectionKey key, Connection connection, String why) {
        key.cancel();
        connection.close();
        if (verbose) {
            log.log(name + ": Closed " + connection.peer() + ": " + why);
        }
    }

    /**
     * Closes every connection, the channels still waiting in the queue, the reactor's own listener and its selector.
     * Runs on the reactor's thread when its loop ends, or on the closing thread if the loop never started.
     */
    void releaseEverything() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection) {
                connection.close();
            }
        }
        for (SocketChannel channel; (channel = newcomers.poll()) != null; ) {
            Quietly.close(channel);
        }
        Quietly.close(listener);
        Quietly.close(selector);
    }
}
