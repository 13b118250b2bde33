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
 * reason, instead of waiting for its timeout.
 */
public final class ServerFixture implements AutoCloseable {

    private static final long STOP_SECONDS = 5;

    private final Server server;
    private final Thread loop;
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();
    private volatile Throwable loopFailure;
    private volatile boolean closing;

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
        closing = true;
        server.close();
    }

    /** Closes the server and checks that its loop ended, and ended without an exception. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        server.close();
        clients.forEach(TestClient::close);
        if (!loopEnded.await(STOP_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("serve() was still running " + STOP_SECONDS + " s after close(): close() must"
                    + " wake the loop (close the listening channel, or wake the selector) so that serve() returns.");
        }
        if (loopFailure != null) {
            throw new AssertionError(explanation(), loopFailure);
        }
    }

    /** Why the connection broke, if the server's loop is the reason; otherwise null. */
    String explanation() {
        Throwable failure = loopFailure;
        if (failure == null) {
            return null;
        }
        return "The server's loop stopped with " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    Throwable loopFailure() {
        return loopFailure;
    }

    private void runLoop() {
        try {
            server.serve();
            if (!closing) {
                loopFailure = new IllegalStateException("serve() returned although nobody closed the server");
            }
        } catch (Throwable e) {
            if (!closing) {
                loopFailure = e;
            }
        } finally {
            loopEnded.countDown();
            if (loopFailure != null) {
                clients.forEach(TestClient::close);
            }
        }
    }
}
