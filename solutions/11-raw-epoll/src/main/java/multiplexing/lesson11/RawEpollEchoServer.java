package multiplexing.lesson11;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Options;
import multiplexing.toolkit.PendingOutput;
import multiplexing.toolkit.PendingTally;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerLauncher;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static multiplexing.lesson11.EpollEvent.EPOLLERR;
import static multiplexing.lesson11.EpollEvent.EPOLLHUP;
import static multiplexing.lesson11.EpollEvent.EPOLLIN;
import static multiplexing.lesson11.EpollEvent.EPOLLOUT;
import static multiplexing.lesson11.EpollEvent.EPOLLRDHUP;

/**
 * The seed's echo server with the {@code Selector} taken away: one thread calls {@code epoll_wait},
 * {@code epoll_ctl}, {@code accept4}, {@code read}, {@code write} and {@code close} itself, through
 * {@code java.lang.foreign}, and keeps its clients in a map from file descriptor to {@link Connection}, as the seed
 * keeps its sockets in a dictionary. Level-triggered by default; edge-triggered ({@code EPOLLET}) on request.
 */
public final class RawEpollEchoServer implements Server, PendingOutput {

    private static final int BACKLOG = 1024;
    private static final int BUFFER_SIZE = 64 * 1024;
    /** The most events one epoll_wait reports; more ready descriptors wait for the next call (none is lost). */
    private static final int MAX_EVENTS = 256;
    /** Level-triggered: enough to take a burst of new clients in one wake-up, not so many that others wait. */
    private static final int ACCEPTS_PER_WAKE_UP = 64;
    /** eventfd(2) flags: a non-blocking descriptor, closed in a child process that runs another program. */
    private static final int EFD_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;

    private final Settings settings;
    private final EventLog log;
    private final boolean logging;
    private final InetSocketAddress address;

    // tag::resources[]
    /** The native memory of the server's whole life (read and write buffers, the event array, the ctl request). */
    private final Arena arena = Arena.ofShared(); // shared: created here, used by the loop's thread, closed by either
    private final MemorySegment readBuffer;
    private final MemorySegment writeBuffer;
    private final ReadyEvents ready;
    private final Epoll epoll;
    private final int listenerFd;
    /** An eventfd in the epoll set, written by close(): what wakes an epoll_wait that has no timeout. */
    private final int wakeFd;
    /** The clients, by file descriptor: the seed's rlist_socket dictionary (a Selector keeps this in its keys). */
    private final Map<Integer, Connection> connections = new HashMap<>(); // the loop's thread only
    // end::resources[]
    private volatile int connectionCount; // for the tests, which read it from another thread

    private final PendingTally pending = new PendingTally();
    private final AtomicLong wakeUps = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private boolean acceptPaused;
    private long acceptResumesAt;

    private final Object lifecycle = new Object();
    private boolean serving;
    private boolean released;
    private volatile boolean closed;

    /** A level-triggered echo server: the constructor {@code ServerFactory} and the tests expect. */
    public RawEpollEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this(bindAddress, log, Settings.ECHO);
    }

    RawEpollEchoServer(InetSocketAddress bindAddress, EventLog log, Settings settings) throws IOException {
        this.settings = settings;
        this.log = log;
        this.logging = log != EventLog.SILENT;
        this.readBuffer = arena.allocate(BUFFER_SIZE);
        this.writeBuffer = arena.allocate(BUFFER_SIZE);
        this.ready = new ReadyEvents(arena, MAX_EVENTS);
        int listener = -1;
        int wake = -1;
        Epoll opened = null;
        try {
            // tag::setup[]
            listener = Sockets.listen(bindAddress, BACKLOG);
            opened = new Epoll(arena);
            wake = Libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
            // The data of each registration is the descriptor itself, as the seed's events carry fds.
            opened.register(listener, EPOLLIN | settings.trigger().flag(), listener);
            opened.register(wake, EPOLLIN, wake);
            // end::setup[]
            this.address = Sockets.localAddress(listener);
        } catch (IOException | RuntimeException e) {
            // Nothing else knows these descriptors yet: close each one that was opened, and the memory.
            if (wake != -1) {
                Sockets.closeQuietly(wake);
            }
            if (opened != null) {
                Sockets.closeQuietly(opened.fd());
            }
            if (listener != -1) {
                Sockets.closeQuietly(listener);
            }
            arena.close();
            throw e;
        }
        this.epoll = opened;
        this.listenerFd = listener;
        this.wakeFd = wake;
    }

    public static void main(String[] args) {
        launch("RawEpollEchoServer", 8888, Settings.ECHO, args);
    }

    /** {@code main} of both servers: the toolkit's options, plus {@code --edge-triggered}. */
    static void launch(String program, int defaultPort, Settings settings, String[] args) {
        List<String> options = new ArrayList<>(List.of(args));
        boolean edge = options.remove("--edge-triggered");
        boolean oneRead = options.remove("--one-read-per-event");
        if (options.contains("--help") || options.contains("-h")) {
            System.out.println(Options.usage(program, defaultPort, true)
                    + " [--edge-triggered [--one-read-per-event]]" + System.lineSeparator()
                    + "  --edge-triggered       EPOLLET: read and accept until EAGAIN after each event"
                    + System.lineSeparator()
                    + "  --one-read-per-event   with --edge-triggered: the classic bug, one read per event (stalls)");
            return;
        }
        if (oneRead && !edge) {
            System.err.println("--one-read-per-event goes with --edge-triggered (level-triggered reads once anyway).");
            System.exit(2);
        }
        Trigger trigger = !edge ? Trigger.LEVEL : oneRead ? Trigger.EDGE_ONE_READ_PER_EVENT : Trigger.EDGE;
        String name = switch (trigger) {
            case LEVEL -> program;
            case EDGE -> program + " (edge-triggered)";
            case EDGE_ONE_READ_PER_EVENT -> program + " (edge-triggered, one read per event)";
        };
        ServerLauncher.launch(name, defaultPort,
                (address, log) -> new RawEpollEchoServer(address, log, settings.withTrigger(trigger)),
                options.toArray(String[]::new));
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    /** How many times epoll_wait has returned: the number the page compares between the two trigger modes. */
    public long wakeUps() {
        return wakeUps.get();
    }

    /** How many events epoll_wait has reported, all wake-ups together. */
    public long events() {
        return events.get();
    }

    /** How many read calls the loop has made, those that returned EAGAIN included. */
    public long reads() {
        return reads.get();
    }

    /** How many clients the server holds now. */
    public int connections() {
        return connectionCount;
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
                int count = epoll.wait(ready, timeoutMillis()); // the seed's epoll.poll(timeout)
                wakeUps.incrementAndGet();
                events.addAndGet(count);
                ready.forEach(count, this::handle);
                resumeAcceptingWhenDue();
            }
        } finally {
            release();
        }
    }

    private void handle(long data, int events) {
        int fd = (int) data;
        if (fd == wakeFd) {
            return; // close() wrote to the eventfd: the loop's condition sees closed
        }
        if (fd == listenerFd) {
            acceptClients();
            return;
        }
        Connection connection = connections.get(fd);
        if (connection == null) {
            return; // closed earlier in this round: its event was already in the array
        }
        try {
            onEvents(connection, events);
        } catch (NativeCallException e) {
            // A reset or a broken pipe belongs to this one client: close its connection, serve the others.
            close(connection, "connection lost (" + e.getMessage() + ")");
        }
    }
    // end::event-loop[]

    // tag::events[]
    private void onEvents(Connection connection, int events) throws NativeCallException {
        // Bytes that arrived before a FIN, a reset or a hang-up are read first: read() reports the end (0) or the
        // error (ECONNRESET) in its turn. EPOLLERR and EPOLLHUP come whether or not the interest asked for them.
        if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0 && wantsInput(connection)) {
            onReadable(connection);
        }
        if (connection.isOpen() && (events & EPOLLOUT) != 0) {
            onWritable(connection);
        }
        if (connection.isOpen() && (events & (EPOLLERR | EPOLLHUP)) != 0) {
            // Both directions are gone (a reset, or the peer closed and our data met a reset): nothing more to
            // send it, nothing more to read. epoll would report this state again and again: close now.
            close(connection, "hang-up (" + EpollEvent.describe(events) + ")");
        }
    }
    // end::events[]

    // tag::drain[]
    private void onReadable(Connection connection) throws NativeCallException {
        if (!settings.trigger().drainsUntilEagain()) {
            readOnce(connection); // level-triggered: if bytes are left, the next epoll_wait reports the fd again
            return;
        }
        // Edge-triggered: this event is the only one until new bytes arrive; what is left now would wait forever.
        while (readOnce(connection)) {
            // readOnce said there may be more: go on until read says EAGAIN (or the end, or the limit)
        }
    }

    private void acceptClients() {
        if (!settings.trigger().drainsUntilEagain()) {
            for (int i = 0; i < ACCEPTS_PER_WAKE_UP && acceptOne(); i++) {
                // level-triggered: clients still queued make the next epoll_wait report the listener again
            }
            return;
        }
        while (acceptOne()) {
            // edge-triggered: until accept4 says EAGAIN, or the queued clients wait for the next one to arrive
        }
    }
    // end::drain[]

    // tag::read[]
    /** One read. True if it read bytes and the connection may have more to give: false at EAGAIN, end or limit. */
    private boolean readOnce(Connection connection) throws NativeCallException {
        // Never read more than the connection may still hold: its pending bytes stay within the limit.
        long room = settings.pendingLimit() - connection.pendingBytes();
        int n = Libc.read(connection.fd(), readBuffer, (int) Math.min(BUFFER_SIZE, room));
        reads.incrementAndGet();
        if (n == Libc.WOULD_BLOCK) {
            return false; // nothing more now: epoll reports the next bytes
        }
        if (n == 0) {
            endOfStream(connection); // the seed's recv() returning b''
            return false;
        }
        if (settings.uppercase()) {
            Ascii.toUpperCase(readBuffer.asSlice(0, n).asByteBuffer());
        }
        connection.send(readBuffer, n);
        updateInterest(connection);
        return wantsInput(connection);
    }
    // end::read[]

    private void endOfStream(Connection connection) throws NativeCallException {
        connection.endInput(); // 0: the client sends nothing more; it may still be reading (a half-close)
        if (connection.hasPending()) {
            updateInterest(connection); // EPOLLOUT only: finish the echo, then close (in onWritable)
        } else {
            close(connection, "closed by the client");
        }
    }

    private void onWritable(Connection connection) throws NativeCallException {
        connection.flush(writeBuffer);
        if (connection.inputEnded() && !connection.hasPending()) {
            close(connection, "closed after its echo was complete");
            return;
        }
        updateInterest(connection);
    }

    private boolean wantsInput(Connection connection) {
        return connection.isOpen() && !connection.inputEnded()
                && connection.pendingBytes() < settings.pendingLimit();
    }

    // tag::interest[]
    /**
     * Asks epoll for what the connection needs now: EPOLLIN while it may read (and EPOLLRDHUP, to see a FIN as
     * such), EPOLLOUT while bytes wait. An epoll_ctl call only when that changes: it is a system call each time.
     */
    private void updateInterest(Connection connection) throws NativeCallException {
        int wanted = (wantsInput(connection) ? EPOLLIN | EPOLLRDHUP : 0)
                | (connection.hasPending() ? EPOLLOUT : 0);
        if (wanted != connection.interest()) {
            connection.interest(wanted);
            // Edge-triggered, MOD also re-arms: a socket that already has bytes (or room) is reported again.
            epoll.modify(connection.fd(), wanted | settings.trigger().flag(), connection.fd());
        }
    }
    // end::interest[]

    // tag::accept[]
    /** Accepts one client. False when there is none (EAGAIN) or accept4 failed (then accepting pauses). */
    private boolean acceptOne() {
        int fd;
        try {
            fd = settings.acceptor().accept(listenerFd);
        } catch (NativeCallException e) {
            pauseAccepting(e); // EMFILE, ENFILE, ENOBUFS...: the connection stays queued, the listener ready
            return false;
        }
        if (fd == Libc.WOULD_BLOCK) {
            return false; // the listen queue is empty
        }
        Connection connection = new Connection(fd, EPOLLIN | EPOLLRDHUP, pending);
        try {
            // An echo answers small writes at once: exactly what Nagle's algorithm would hold back.
            Sockets.setOption(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);
            if (settings.sendBufferSize() > 0) {
                Sockets.setOption(fd, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, settings.sendBufferSize());
            }
            epoll.register(fd, EPOLLIN | EPOLLRDHUP | settings.trigger().flag(), fd);
        } catch (NativeCallException e) {
            connection.close(); // this client is lost; the others are not
            return true;
        }
        connections.put(fd, connection);
        connectionCount = connections.size();
        if (logging) {
            log.log("Connected: fd " + fd + " " + peerOf(fd));
        }
        return true;
    }

    private void pauseAccepting(NativeCallException e) {
        // Stop watching the listener for a while: level-triggered, epoll_wait would report it at once, again and
        // again, and accept4 fail as fast as the CPU allows. epoll_wait wakes up by itself when the pause is over.
        try {
            epoll.modify(listenerFd, 0, listenerFd);
        } catch (NativeCallException cannot) {
            // Still paused by the timeout below; the listener may wake the loop early, which is harmless.
        }
        acceptPaused = true;
        acceptResumesAt = System.nanoTime() + settings.acceptPause().toNanos();
        log.log("Cannot accept a connection (" + e.getMessage() + "): pausing accepts for "
                + settings.acceptPause().toMillis() + " ms; connected clients are still served.");
    }

    private int timeoutMillis() {
        if (!acceptPaused) {
            return -1; // no timeout: only a ready descriptor (or close()) wakes the loop
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(acceptResumesAt - System.nanoTime());
        return (int) Math.max(1, millis);
    }

    private void resumeAcceptingWhenDue() {
        if (acceptPaused && System.nanoTime() - acceptResumesAt >= 0) {
            acceptPaused = false;
            try {
                // Edge-triggered too, MOD re-arms: clients queued during the pause are reported now.
                epoll.modify(listenerFd, EPOLLIN | settings.trigger().flag(), listenerFd);
            } catch (NativeCallException e) {
                pauseAccepting(e);
            }
        }
    }
    // end::accept[]

    // tag::close-connection[]
    private void close(Connection connection, String why) {
        connections.remove(connection.fd());
        connectionCount = connections.size();
        try {
            epoll.unregister(connection.fd()); // the seed's epoll.unregister(fd); close() alone would also do it
        } catch (NativeCallException e) {
            // Already gone from the set: nothing to undo.
        }
        connection.close();
        if (logging) {
            log.log("Closed fd " + connection.fd() + ": " + why);
        }
    }
    // end::close-connection[]

    private String peerOf(int fd) {
        try {
            return Addresses.format(Sockets.peerAddress(fd));
        } catch (NativeCallException e) {
            return "(peer unknown: " + e.getMessage() + ")";
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
                releaseLocked(); // serve() never ran: nobody else will
                return;
            }
            if (!released) {
                wakeTheLoop(); // under the lock: the loop cannot release (and a new socket reuse) wakeFd meanwhile
            }
        }
    }

    private void wakeTheLoop() {
        try (Arena call = Arena.ofConfined()) {
            Libc.write(wakeFd, call.allocateFrom(JAVA_LONG, 1L), Long.BYTES); // eventfd counts: any write wakes it
        } catch (NativeCallException e) {
            throw new IllegalStateException("Could not wake the server's loop: " + e.getMessage(), e);
        }
    }

    private void release() {
        synchronized (lifecycle) {
            releaseLocked();
        }
    }

    /** Closes every descriptor the server holds, each exactly once, then frees its native memory. */
    private void releaseLocked() {
        if (released) {
            return;
        }
        released = true;
        // The loop has ended (or never ran): its map is no longer changing.
        connections.values().forEach(Connection::close); // closing a descriptor also takes it out of the epoll set
        connections.clear();
        connectionCount = 0;
        Sockets.closeQuietly(listenerFd);
        Sockets.closeQuietly(wakeFd);
        Sockets.closeQuietly(epoll.fd());
        arena.close(); // after the last native call that uses its memory
    }
    // end::shutdown[]
}
