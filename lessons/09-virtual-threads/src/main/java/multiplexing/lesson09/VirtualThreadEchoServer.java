package multiplexing.lesson09;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Listeners;
import multiplexing.toolkit.PendingOutput;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerLauncher;
import multiplexing.toolkit.Todo;

/**
 * Blocking calls, one virtual thread per connection: lesson 02's server, on threads that cost a few hundred bytes
 * while they wait instead of an operating-system thread, and with lesson 07's robustness written the blocking way.
 */
public final class VirtualThreadEchoServer implements Server, PendingOutput {

    /** The accept queue: a burst of clients waits here while the accept loop starts their threads. */
    static final int BACKLOG = 1024;
    /** All the memory a connection holds for bytes: one read fills at most this, and is written back before the next. */
    static final int BUFFER_SIZE = 8 * 1024;
    /** How long to stop accepting after accept fails (out of file descriptors): long enough not to spin. */
    static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);
    /** A thread whose socket is closed leaves its blocked read or write at once; this only bounds a broken case. */
    private static final Duration THREAD_END_DEADLINE = Duration.ofSeconds(2);

    private final ServerSocket listener;
    private final EventLog log;
    private final Reply reply;
    private final Duration acceptPause;
    private final ThreadFactory virtualThreads = Thread.ofVirtual().name("echo-", 1).factory();
    /** Starts one new virtual thread per task; once shut down, refuses new tasks. */
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(this::newConnectionThread);
    /** Every thread the executor created that may still be alive: close() joins them all. */
    private final Set<Thread> createdThreads = ConcurrentHashMap.newKeySet();
    /** Every open connection, recorded by the accept loop before its thread exists: what close() must close. */
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    /** The thread serving each connection, as that thread saw itself: what tests and tools look at. */
    private final Set<Thread> servingThreads = ConcurrentHashMap.newKeySet();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong peakPendingBytes = new AtomicLong();
    private volatile boolean closed;

    public VirtualThreadEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this(Listeners.bind(bindAddress, BACKLOG), log, Reply.ECHO, ACCEPT_PAUSE);
    }

    /** A server on a listener that is already bound: the uppercase server and the accept-failure test use it. */
    VirtualThreadEchoServer(ServerSocket listener, EventLog log, Reply reply, Duration acceptPause) {
        this.listener = listener;
        this.log = log;
        this.reply = reply;
        this.acceptPause = acceptPause;
    }

    public static void main(String[] args) {
        ServerLauncher.launch("VirtualThreadEchoServer", 8888, VirtualThreadEchoServer::new, args);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The threads serving a connection right now, one per open connection (a snapshot, for tests and tools). */
    public List<Thread> servingThreads() {
        return List.copyOf(servingThreads);
    }

    @Override
    public long pendingLimit() {
        return BUFFER_SIZE;
    }

    @Override
    public long pendingBytes() {
        return pendingBytes.get();
    }

    @Override
    public long peakPendingBytes() {
        return peakPendingBytes.get();
    }

    // tag::accept-loop[]
    @Override
    public void serve() throws IOException {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept(); // this thread (the caller's) only accepts
            } catch (IOException e) {
                if (closed) {
                    return; // close() closed the listener to wake us up
                }
                pauseAccepting(e); // for example "Too many open files": the clients already connected go on
                continue;
            }
            startThreadFor(client);
        }
    }

    /**
     * A failed accept leaves the connection in the listen queue, so the next accept would fail at once, again and
     * again, as fast as the CPU allows. Sleeping here costs nobody anything: every client has a thread of its own.
     */
    private void pauseAccepting(IOException e) throws InterruptedIOException {
        log.log("Cannot accept a connection (" + e.getMessage() + "): pausing accepts for " + acceptPause.toMillis()
                + " ms; connected clients are still served.");
        try {
            Thread.sleep(acceptPause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while accepts were paused");
        }
    }
    // end::accept-loop[]

    // tag::thread-per-client[]
    private void startThreadFor(Socket client) {
        // TODO 1: serve this client on a virtual thread of its own, and return at once to accept the next one.
        //  - record the client first, connections.add(client), so that close() can find it;
        //  - then threads.execute(() -> serveUntilItLeaves(client)): the executor starts a new virtual thread for
        //    the task (do not call serveUntilItLeaves here: that would serve the client on the accept loop's thread);
        //  - once close() has run, execute() throws RejectedExecutionException: then no thread will ever serve this
        //    client, so remove it from connections and close it yourself (Quietly.close(client)).
        throw new Todo("start a virtual thread per client in VirtualThreadEchoServer.startThreadFor(client)"
                + " (course: lesson 09, section \"Step 1: a virtual thread per client\").");
    }
    // end::thread-per-client[]

    /** The executor's thread factory: a virtual thread, recorded before it starts so that close() can join it. */
    private Thread newConnectionThread(Runnable task) {
        if (createdThreads.size() > 2 * connections.size() + 64) {
            createdThreads.removeIf(thread -> !thread.isAlive()); // forget ended threads, now and then, not each time
        }
        Thread thread = virtualThreads.newThread(task);
        createdThreads.add(thread);
        return thread;
    }

    private void serveUntilItLeaves(Socket client) {
        Thread self = Thread.currentThread();
        servingThreads.add(self);
        String peer = Addresses.format((InetSocketAddress) client.getRemoteSocketAddress());
        log.log("Connected: " + peer + " on " + describe(self) + " (open connections: " + connections.size() + ")");
        try (client) {
            echo(client.getInputStream(), client.getOutputStream());
            log.log("Closed by the client: " + peer);
        } catch (IOException e) {
            // This client's connection broke (reset, broken pipe, or close() closed it): only its thread ends here.
            log.log("Connection lost: " + peer + " (" + e.getMessage() + ")");
        } finally {
            connections.remove(client);
            servingThreads.remove(self);
        }
    }

    // tag::echo[]
    private void echo(InputStream in, OutputStream out) throws IOException {
        // TODO 2: the blocking echo loop, as in lesson 01, with bounded memory.
        //  - one buffer for the whole connection: new byte[BUFFER_SIZE];
        //  - n = in.read(buffer) blocks until bytes arrive, and returns how many (at most BUFFER_SIZE);
        //  - writeBack(out, buffer, n) replies to exactly those n bytes (not the whole buffer), and returns only
        //    once all of them are written;
        //  - repeat until read returns -1 (the client sends nothing more), then return: serveUntilItLeaves closes
        //    the socket. Never read the whole stream first (readAllBytes): the client waits for its echo.
        throw new Todo("write the echo loop in VirtualThreadEchoServer.echo(in, out)"
                + " (course: lesson 09, section \"Step 2: the blocking echo loop\").");
    }
    // end::echo[]

    // tag::write-back[]
    /**
     * Writes the reply to the {@code n} bytes just read. {@code OutputStream.write} returns only once every byte is
     * written, so a partial write cannot happen; and while it waits for a slow reader, this thread reads nothing
     * more from that client: backpressure, with no code for it.
     */
    private void writeBack(OutputStream out, byte[] buffer, int n) throws IOException {
        reply.apply(buffer, n);
        hold(n);
        try {
            out.write(buffer, 0, n);
        } finally {
            pendingBytes.addAndGet(-n);
        }
    }
    // end::write-back[]

    private void hold(int n) {
        pendingBytes.addAndGet(n);
        peakPendingBytes.accumulateAndGet(n, Math::max);
    }

    // tag::close[]
    @Override
    public void close() {
        closed = true;
        Quietly.close(listener);             // wakes serve() from accept()
        // TODO 3: end every connection, and return only once each of their threads has ended, in this order:
        //  - threads.shutdown(): from then on, execute() refuses new tasks, so no thread can start behind your back;
        //  - close every socket in connections (Quietly::close): a thread blocked in read() or write() on a closed
        //    socket gets a SocketException, which serveUntilItLeaves catches, and the thread ends;
        //  - awaitEnd(): waits until every thread the executor started has ended.
        throw new Todo("close every connection and wait for its thread in VirtualThreadEchoServer.close()"
                + " (course: lesson 09, section \"Step 3: closing ends every thread\").");
    }
    // end::close[]

    /**
     * Waits until every connection thread has ended. Why none is missed: startThreadFor records a client before
     * execute(), and execute() either starts its thread before shutdown() or is refused. So a started thread's socket
     * is in {@code connections} when close() goes through them, and a refused one is closed by startThreadFor itself.
     * The executor's termination means every task has returned; a thread ends a moment after its task, so the
     * threads themselves are joined too: when close() returns, none of them is alive.
     */
    private void awaitEnd() {
        long deadline = System.nanoTime() + THREAD_END_DEADLINE.toNanos();
        try {
            boolean ended = threads.awaitTermination(THREAD_END_DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            for (Thread thread : createdThreads) {
                // join(millis), unlike join(Duration), accepts a thread the executor refused to start.
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                ended &= !thread.isAlive();
            }
            if (!ended) {
                log.log("Some connection threads were still running " + THREAD_END_DEADLINE.toSeconds()
                        + " s after close().");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // whoever interrupted us wants us gone: stop waiting
        }
    }

    private static String describe(Thread thread) {
        return (thread.isVirtual() ? "virtual thread " : "platform thread ") + thread.getName();
    }

    /** What the server sends back for the bytes it reads. */
    enum Reply {
        /** The same bytes. */
        ECHO {
            @Override
            void apply(byte[] bytes, int length) {
                // an echo changes nothing
            }
        },
        /** Letters a to z uppercased, every other byte unchanged: Python's {@code bytes.upper()}. */
        UPPERCASE {
            @Override
            void apply(byte[] bytes, int length) {
                for (int i = 0; i < length; i++) {
                    bytes[i] = Ascii.toUpperCase(bytes[i]);
                }
            }
        };

        /** Turns the first {@code length} bytes into the reply, in place. */
        abstract void apply(byte[] bytes, int length);
    }
}
