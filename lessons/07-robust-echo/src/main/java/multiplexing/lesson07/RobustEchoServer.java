package multiplexing.lesson07;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Options;
import multiplexing.toolkit.PendingOutput;
import multiplexing.toolkit.PendingTally;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerLauncher;
import multiplexing.toolkit.Todo;

/**
 * One thread, one {@link Selector} (epoll on Linux): the seed's echo server with every defect fixed. It survives
 * clients that half-close, reset, send faster than they read, or never read at all, and a failing {@code accept};
 * and when nothing happens, its loop sleeps.
 */
public final class RobustEchoServer implements Server, PendingOutput {

    private static final int BACKLOG = 1024;
    private static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Enough to take a burst of new clients in one wake-up, not so many that connected clients wait behind them. */
    private static final int ACCEPTS_PER_WAKE_UP = 64;

    private final Settings settings;
    private final EventLog log;
    private final boolean verbose;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final SelectionKey listenerKey;
    /** One buffer for every read: a connection only gets memory of its own when its socket cannot take an echo. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final PendingTally pending = new PendingTally();
    private final AtomicLong wakeUps = new AtomicLong();
    private boolean acceptPaused;
    private long acceptResumesAt;

    private final Object lifecycle = new Object();
    private boolean serving;
    private volatile boolean closed;

    /** An echo server with the default settings: the constructor {@code ServerFactory} and the tests expect. */
    public RobustEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this(bindAddress, log, Settings.ECHO);
    }

    RobustEchoServer(InetSocketAddress bindAddress, EventLog log, Settings settings) throws IOException {
        this.settings = settings;
        this.log = log;
        this.verbose = settings.verbose();
        this.listener = ServerSocketChannel.open();
        Selector opened = null;
        try {
            listener.bind(bindAddress, BACKLOG); // the backlog is the accept queue, not a limit on clients
            listener.configureBlocking(false);
            opened = Selector.open();
            this.listenerKey = listener.register(opened, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            Quietly.close(opened);
            listener.close();
            throw e;
        }
        this.selector = opened;
    }

    public static void main(String[] args) {
        launch("RobustEchoServer", 8888, Settings.ECHO, args);
    }

    /** {@code main} for both robust servers: the toolkit's options, plus {@code --verbose} for the per-event log. */
    static void launch(String program, int defaultPort, Settings settings, String[] args) {
        List<String> options = new ArrayList<>(List.of(args));
        boolean verbose = options.remove("--verbose");
        if (options.contains("--help") || options.contains("-h")) {
            System.out.println(Options.usage(program, defaultPort, true) + System.lineSeparator()
                    + "  --verbose  log every connection, read, write and close (off by default: printing costs)");
            return;
        }
        ServerLauncher.launch(program, defaultPort,
                (address, log) -> new RobustEchoServer(address, log, settings.withVerbose(verbose)),
                options.toArray(String[]::new));
    }

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the server is closed", e);
        }
    }

    /** How many times the loop has returned from {@code select}: with nothing to do, this number must not move. */
    public long wakeUps() {
        return wakeUps.get();
    }

    @Override
    public long pendingLimit() {
        return settings.pendingLimit();
    }

    @Override
    public long pendingBytes() {
        return pending.total();
    }

    @Override
    public long peakPendingBytes() {
        return pending.peak();
    }

    // tag::event-loop[]
    @Override
    public void serve() throws IOException {
        if (!startServing()) {
            return;
        }
        try {
            while (!closed) {
                selector.select(selectTimeoutMillis()); // sleeps until a socket is ready: 0 means no timeout
                wakeUps.incrementAndGet();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    handle(key);
                }
                resumeAcceptingWhenDue();
            }
        } finally {
            releaseEverything();
        }
    }
    // end::event-loop[]

    // tag::handle[]
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
            // TODO Step 4: a reset ("Connection reset") or a broken pipe belongs to this one client. Close its
            //  connection with close(key, connection, why), and return normally so that the loop goes on serving
            //  the others. Let no exception escape: it would end serve() and cut off every client. Catching is not
            //  enough: a reset socket stays ready, so a connection left open throws again at every round.
            throw new Todo("handle a connection's IOException in RobustEchoServer.handle()"
                    + " (course: lesson 07, section \"Step 4: a failure costs one connection\").");
        }
    }
    // end::handle[]

    // tag::accept[]
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
        // TODO Step 5: accept failed (for example "Too many open files"). The connection stays in the listen queue,
        //  so the listener stays ready: with OP_ACCEPT on, the next select() returns at once and accept fails
        //  again, as fast as the CPU allows. Instead:
        //  - stop asking: listenerKey.interestOps(0);
        //  - set acceptPaused, and acceptResumesAt = System.nanoTime() + settings.acceptPause().toNanos():
        //    selectTimeoutMillis() and resumeAcceptingWhenDue() do the rest;
        //  - log one line (log.log) that says what failed (e.getMessage()) and that accepting is paused.
        throw new Todo("pause accepting in RobustEchoServer.pauseAccepting()"
                + " (course: lesson 07, section \"Step 5: pause accepting when accept fails\").");
    }

    private long selectTimeoutMillis() {
        if (!acceptPaused) {
            return 0; // no timeout: only a ready socket (or close()) wakes the loop
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
    // end::accept[]

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
            if (verbose) {
                log.log("Connected: " + peer);
            }
        } catch (IOException e) {
            // Each call declares an IOException; on Linux with JDK 25 none fails even on a socket the client has
            // already reset (the reset shows at the first read, in handle()). Should one fail, this client is lost.
            Quietly.close(channel);
        }
    }

    // tag::read[]
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
            log.log("Read " + n + " bytes from " + connection.peer() + ", wrote " + written + " back, "
                    + connection.pendingBytes() + " pending");
        }
        updateInterest(key, connection);
    }
    // end::read[]

    // tag::end-of-stream[]
    private void endOfStream(SelectionKey key, Connection connection) {
        // TODO Step 1: read() returned -1: the client has shut down its output. It sends nothing more, but it may
        //  still be reading (a half-close), and its echo may not be complete yet.
        //  - connection.endInput() records that its input has ended;
        //  - if bytes are still pending, keep the connection: updateInterest(key, connection) then leaves only
        //    OP_WRITE on, and write() closes the connection once the last byte is out;
        //  - otherwise close it now: close(key, connection, "closed by the client"). Ignoring -1 is the seed's
        //    defect: the closed socket stays readable, and the loop spins on it forever.
        throw new Todo("handle the end of stream in RobustEchoServer.endOfStream()"
                + " (course: lesson 07, section \"Step 1: end of stream and half-close\").");
    }
    // end::end-of-stream[]

    // tag::write[]
    private void write(SelectionKey key, Connection connection) throws IOException {
        int written = connection.flush();
        if (verbose) {
            log.log("Wrote " + written + " bytes to " + connection.peer() + ", " + connection.pendingBytes()
                    + " pending");
        }
        if (connection.inputEnded() && !connection.hasPending()) {
            close(key, connection, "closed after its echo was complete");
            return;
        }
        updateInterest(key, connection);
    }
    // end::write[]

    // tag::interest[]
    private void updateInterest(SelectionKey key, Connection connection) {
        // TODO Step 3: set the key's interest from the connection's state, with key.interestOps(ops):
        //  - OP_READ while the client may still send (its input has not ended) and it holds fewer pending bytes than
        //    settings.pendingLimit(): at the limit, stop reading, and its bytes wait in the kernel (backpressure);
        //  - OP_WRITE only while bytes are pending: a socket with room in its send buffer is writable all the
        //    time, so an OP_WRITE left on with nothing to write wakes the loop over and over.
        throw new Todo("set the interest ops in RobustEchoServer.updateInterest()"
                + " (course: lesson 07, section \"Step 3: interest follows the pending bytes\").");
    }
    // end::interest[]

    private void close(SelectionKey key, Connection connection, String why) {
        key.cancel(); // the selector forgets the socket (epoll_ctl DEL at its next select)
        connection.close();
        if (verbose) {
            log.log("Closed " + connection.peer() + ": " + why);
        }
    }

    // tag::shutdown[]
    private boolean startServing() {
        synchronized (lifecycle) {
            if (serving) {
                throw new IllegalStateException("serve() is already running");
            }
            serving = !closed;
            return serving;
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (!serving) {
                releaseEverything(); // serve() never ran: nobody else will
                return;
            }
        }
        selector.wakeup(); // the loop sees closed, leaves, and releases everything on its own thread
    }

    private void releaseEverything() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection) {
                connection.close();
            }
        }
        Quietly.close(selector);
        Quietly.close(listener);
    }
    // end::shutdown[]
}
