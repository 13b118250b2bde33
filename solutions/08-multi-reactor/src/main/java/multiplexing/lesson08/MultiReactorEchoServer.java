package multiplexing.lesson08;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.PendingOutput;
import multiplexing.toolkit.PendingTally;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;

/**
 * An acceptor and N reactors, each reactor a thread with a {@code Selector} (epoll) of its own: the thread that calls
 * {@link #serve()} accepts connections and hands each to a reactor in turn; every reactor serves its connections with
 * lesson 07's loop. With {@code --reuseport}, there is no acceptor: every reactor listens on the same port and the
 * kernel spreads the connections.
 */
public final class MultiReactorEchoServer implements Server, PendingOutput {

    private static final int BACKLOG = 1024;
    /** How long close() waits for the threads to finish: they only need to wake up and close their channels. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Settings settings;
    private final Layout layout;
    private final EventLog log;
    /** The acceptor's listening channel; with --reuseport, the first reactor's (the one that chose the port). */
    private final ServerSocketChannel listener;
    /** The address actually bound (with port 0, the port the system chose): still known after close(). */
    private final InetSocketAddress address;
    private final List<Reactor> reactors;
    private final List<Thread> reactorThreads = new ArrayList<>();
    private final PendingTally pending = new PendingTally();
    /** The next reactor to get a connection: only the acceptor thread reads and writes it. */
    private int next;

    private final Object lifecycle = new Object();
    private boolean serving;
    private volatile boolean closed;
    private Thread servingThread;
    /** Counted down when serve() must stop waiting: close() was called or a reactor died. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch serveEnded = new CountDownLatch(1);
    private final AtomicReference<Throwable> reactorFailure = new AtomicReference<>();

    /** An echo server with one reactor per core: the constructor {@code ServerFactory} and the tests expect. */
    public MultiReactorEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this(bindAddress, log, Settings.ECHO, Layout.perCore());
    }

    MultiReactorEchoServer(InetSocketAddress bindAddress, EventLog log, Settings settings, Layout layout)
            throws IOException {
        this.settings = settings;
        this.layout = layout;
        this.log = log;
        List<ServerSocketChannel> listeners = new ArrayList<>();
        List<Reactor> opened = new ArrayList<>();
        InetSocketAddress bound;
        try {
            listeners.add(listen(bindAddress, layout.reusePort()));
            bound = (InetSocketAddress) listeners.getFirst().getLocalAddress();
            for (int i = 0; i < layout.reactors(); i++) {
                ServerSocketChannel own = null;
                if (layout.reusePort()) {
                    // Every reactor binds the port the first one got (port 0 means "any", chosen once).
                    own = i == 0 ? listeners.getFirst() : listen(bound, true);
                    if (i > 0) {
                        listeners.add(own);
                    }
                }
                opened.add(new Reactor("reactor-" + i, settings, log, pending, own,
                        layout.stats() || settings.verbose()));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(Reactor::releaseEverything);
            listeners.forEach(Quietly::close);
            throw e;
        }
        this.listener = listeners.getFirst();
        this.address = bound;
        this.reactors = List.copyOf(opened);
    }

    // tag::reuseport[]
    private static ServerSocketChannel listen(InetSocketAddress address, boolean reusePort) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            if (reusePort) {
                if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new IOException("--reuseport needs SO_REUSEPORT, which this system does not support:"
                            + " leave --reuseport out, and one acceptor hands out the connections");
                }
                // Several sockets may then listen on one port; the kernel picks one per connection (a hash of the
                // client's and the server's address and port). Every socket on the port must set it, before bind.
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(address, BACKLOG);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
    // end::reuseport[]

    public static void main(String[] args) {
        ReactorOptions.launch("MultiReactorEchoServer", 8888, Settings.ECHO, args);
    }

    @Override
    public InetSocketAddress address() {
        return address;
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

    /** How many connections each reactor has served, in reactor order. */
    List<Integer> connectionsPerReactor() {
        return reactors.stream().map(Reactor::served).toList();
    }

    /** How many times the reactors have returned from {@code select}, all together. */
    long wakeUps() {
        return reactors.stream().mapToLong(Reactor::wakeUps).sum();
    }

    /** The reactors' threads, once serve() has started them (tests check that close() ends them). */
    List<Thread> reactorThreads() {
        synchronized (lifecycle) {
            return List.copyOf(reactorThreads);
        }
    }

    // tag::serve[]
    @Override
    public void serve() throws IOException {
        if (!startServing()) {
            return;
        }
        try {
            if (layout.reusePort()) {
                awaitStopRequest(); // the reactors accept by themselves
            } else {
                acceptLoop();
            }
        } catch (RuntimeException | Error e) {
            shutDown(e);
            throw e;
        }
        shutDown(null);
        rethrowReactorFailure();
    }

    /**
     * Stops the reactors and waits for them, then releases the port (already closed by close(), unless the acceptor
     * loop ended with an exception); a failure in between does not hide {@code cause}.
     */
    private void shutDown(Throwable cause) {
        try {
            stopReactors();
        } catch (RuntimeException | Error e) {
            if (cause == null) {
                throw e;
            }
            cause.addSuppressed(e);
        } finally {
            Quietly.close(listener);
            serveEnded.countDown();
        }
    }
    // end::serve[]

    // tag::accept-loop[]
    /** The acceptor: blocks in accept() and hands each new connection to a reactor, until close(). */
    private void acceptLoop() {
        while (!closed && reactorFailure.get() == null) {
            SocketChannel channel;
            try {
                channel = settings.acceptor().accept(listener); // blocking: this thread does nothing else
            } catch (ClosedChannelException e) {
                return; // close() closed the listener, which ends a blocked accept()
            } catch (IOException e) {
                pauseAccepting(e);
                continue;
            }
            if (channel != null) {
                nextReactor().handOff(channel);
            }
        }
    }
    // end::accept-loop[]

    // tag::round-robin[]
    /** Each new connection goes to the next reactor in turn. */
    private Reactor nextReactor() {
        Reactor reactor = reactors.get(next);
        next = (next + 1) % reactors.size();
        return reactor;
    }
    // end::round-robin[]

    private void pauseAccepting(IOException e) {
        if (closed) {
            return;
        }
        // The connection stays in the listen queue: trying again at once would fail again, as fast as the CPU
        // allows. The acceptor has nothing else to do, so it simply waits (and close() cuts the wait short).
        log.log("Cannot accept a connection (" + e.getMessage() + "): pausing accepts for "
                + settings.acceptPause().toMillis() + " ms; connected clients are still served.");
        try {
            stopRequested.await(settings.acceptPause().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            Quietly.close(listener); // an interrupted acceptor stops accepting: the loop ends at the next accept
        }
    }

    private void awaitStopRequest() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // serve() ends, and takes the reactors with it
        }
    }

    // tag::shutdown[]
    /** Ends every reactor's loop and waits for each thread: when this returns, no reactor thread is left. */
    private void stopReactors() {
        reactors.forEach(Reactor::stop); // all at once: each wakes up, closes its channels and its selector
        for (Thread thread : reactorThreads()) {
            joinUninterruptibly(thread);
        }
    }
    // end::shutdown[]

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting: returning early would leave the thread behind
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean startServing() {
        synchronized (lifecycle) {
            if (serving) {
                throw new IllegalStateException("serve() is already running");
            }
            serving = !closed;
            if (!serving) {
                return false;
            }
            servingThread = Thread.currentThread();
            for (Reactor reactor : reactors) {
                // Daemons: the thread in serve() keeps the process alive; a reactor never should on its own.
                reactorThreads.add(Thread.ofPlatform().name(reactor.name()).daemon()
                        .start(() -> runReactor(reactor)));
            }
            return true;
        }
    }

    /** A reactor whose loop dies (a bug, a failing selector) stops the whole server, which reports why. */
    private void runReactor(Reactor reactor) {
        try {
            reactor.run();
        } catch (Throwable e) {
            if (!closed) {
                reactorFailure.compareAndSet(null, e);
                stopRequested.countDown();
                Quietly.close(listener); // wakes the acceptor out of accept(): serve() stops and reports
            }
        }
    }

    private void rethrowReactorFailure() throws IOException {
        Throwable failure = reactorFailure.get();
        if (failure == null) {
            return;
        }
        if (failure instanceof UncheckedIOException io) {
            throw io.getCause();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime; // an unfinished exercise's Todo reaches the launcher and the tests as it was thrown
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IOException("a reactor stopped", failure);
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (!serving) {
                reactors.forEach(Reactor::releaseEverything); // serve() never ran: nobody else will
                Quietly.close(listener);
                return;
            }
        }
        Quietly.close(listener); // ends the acceptor's blocked accept(); serve() then stops the reactors
        stopRequested.countDown();
        if (Thread.currentThread() != servingThread) {
            awaitServeEnded();
        }
    }

    private void awaitServeEnded() {
        try {
            if (!serveEnded.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.log("The reactors were still running " + CLOSE_WAIT_SECONDS + " s after close().");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
