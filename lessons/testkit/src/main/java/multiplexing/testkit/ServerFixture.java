package multiplexing.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerFactory;

/**
 * A server under test: bound to 127.0.0.1 port 0, its {@code serve()} loop running on a thread of its own.
 *
 * <p>If the loop dies (an unfinished exercise throws {@code Todo}; a bug lets an exception escape), every client the
 * fixture opened is closed at once, so a test blocked in a read fails now, with the server's exception as the
 * reason, instead of waiting for its timeout. The reason names the frames of the lesson's own code the exception
 * passed through, since the test report trims every frame but the test's.
 */
public final class ServerFixture implements AutoCloseable {

    /** A loop that has been told to stop ends within milliseconds; this is generous for a loaded machine. */
    private static final long STOP_SECONDS = 3;
    /** How long a client that saw its connection end waits for the loop's exception, if the loop is dying. */
    private static final long GRACE_MILLIS = 200;

    private final Server server;
    private final Thread loop;
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();
    private volatile Throwable loopFailure;
    private volatile boolean closing;
    private volatile long closedAtNanos;

    private ServerFixture(Server server) {
        this.server = server;
        this.loop = Thread.ofPlatform().name("server-under-test").daemon().unstarted(this::runLoop);
    }

    public static ServerFixture start(ServerFactory factory) throws IOException {
        return start(factory, EventLog.SILENT);
    }

    public static ServerFixture start(ServerFactory factory, EventLog log) throws IOException {
        ServerFixture fixture = new ServerFixture(factory.open(new InetSocketAddress("127.0.0.1", 0), log));
        fixture.loop.start();
        return fixture;
    }

    public Server server() {
        return server;
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /** A connected client; closed with the fixture, or at once if the server's loop dies. */
    public TestClient connect() throws IOException {
        // Once the loop is dead, nobody accepts: past the listen backlog, connect() would hang for a minute or more.
        assertLoopRunning();
        TestClient client = TestClient.connect(this);
        clients.add(client);
        if (loopFailure != null) {
            client.close();
        }
        return client;
    }

    /** Fails at once, with the server's own exception as the cause, if its loop has died (tests that poll use it). */
    public void assertLoopRunning() {
        Throwable failure = loopFailure;
        if (failure != null) {
            throw new AssertionError(explanation(), failure);
        }
    }

    /**
     * Closes the server but not the test's clients, so that a test can see what the server's own {@code close()}
     * does to them; {@link #close()} still checks, afterwards, that the loop ended cleanly.
     */
    public void closeServerOnly() {
        closeServer();
    }

    /**
     * Closes the server and the test's clients, and checks that the loop ended, and ended without an exception.
     * Interrupted while it waits (the test's time is up), it fails at once with what it has seen.
     */
    @Override
    public void close() {
        closeServer();
        clients.forEach(TestClient::close);
        boolean ended;
        try {
            ended = loopEnded.await(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for serve() to return after close()."
                    + Diagnosis.whereLoopIs(loop, lessonPackage()));
        }
        if (!ended) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - closedAtNanos);
            throw new AssertionError("serve() was still running " + seconds + " s after close() returned."
                    + Diagnosis.whereLoopIs(loop, lessonPackage()) + " After close(), the loop must notice that the"
                    + " server is closed (its next accept or select fails or returns, or a closed flag is set) and"
                    + " return from serve().");
        }
        if (loopFailure != null) {
            throw new AssertionError(explanation(), loopFailure);
        }
    }

    private void closeServer() {
        closing = true;
        server.close();
        closedAtNanos = System.nanoTime();
    }

    /**
     * Why the connection broke, if the server's loop is the reason; otherwise null. A loop that dies often closes
     * its connections on the way (in a finally block) before the exception reaches the fixture: wait a moment for it,
     * so that the client's "connection closed" is reported as what it is, the loop's death.
     */
    String explanationAfterGrace() {
        try {
            loopEnded.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return explanation();
    }

    /** Why the connection broke, if the server's loop is the reason; otherwise null. */
    String explanation() {
        Throwable failure = loopFailure;
        if (failure == null) {
            return null;
        }
        if (failure instanceof LoopEnded || failure instanceof ThrewAfterClose) {
            return failure.getMessage();
        }
        return "The server's loop stopped with " + Diagnosis.describe(failure, lessonPackage());
    }

    /** The package of the server's class: frames in it are the learner's code ({@code multiplexing.lesson05}). */
    String lessonPackage() {
        return server.getClass().getPackageName();
    }

    /** Where the server's threads are now, for a failure that found the server stalled. */
    String whereTheServerIs() {
        return Diagnosis.whereServerThreadsAre(lessonPackage(), loop);
    }

    /** True if the loop thread is waiting in a selector's select. */
    boolean loopIsSelecting() {
        return Diagnosis.loopIsSelecting(loop);
    }

    /** True if the loop thread is reading one connection, so that it cannot serve any other meanwhile. */
    boolean loopIsBlockedInARead() {
        return Diagnosis.loopIsBlockedInARead(loop);
    }

    Throwable loopFailure() {
        return loopFailure;
    }

    private void runLoop() {
        try {
            server.serve();
            if (!closing) {
                loopFailure = new LoopEnded();
            }
        } catch (Throwable e) {
            loopFailure = closing ? new ThrewAfterClose(e, lessonPackage()) : e;
        } finally {
            loopEnded.countDown();
            if (loopFailure != null) {
                clients.forEach(TestClient::close);
            }
        }
    }

    /**
     * serve() ended with an exception although the server had been closed: the exception a closed channel throws
     * (for example {@code SocketException: Socket closed} from a blocked accept) is how the loop learns it must stop,
     * not an error to pass on.
     */
    private static final class ThrewAfterClose extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ThrewAfterClose(Throwable thrown, String lessonPackage) {
            super("serve() ended with " + Diagnosis.describe(thrown, lessonPackage) + ", after close() had been"
                    + " called: a closed server's loop must return quietly (check the closed flag where the exception"
                    + " is caught, and return).", thrown);
        }
    }

    /** serve() returned on its own: there is no exception to show, only the fact. */
    private static final class LoopEnded extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LoopEnded() {
            super("The server's serve() returned although nobody closed the server: the loop must run until"
                    + " close() is called.");
        }
    }
}
