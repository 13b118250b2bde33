package multiplexing.lesson08;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.Eventually;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.ServerFixture;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hand-off's one test: a client that arrives while every reactor sleeps in {@code select()} is served at once.
 * It runs against {@link MultiReactorEchoServer} ({@link IdleReactorsTest}) and against a server that forgets the
 * wakeup ({@link MissingWakeupTest}), which must fail it.
 */
// "try": ServerFixture.close() may throw InterruptedException (it waits for the server's loop); the test declares it.
@SuppressWarnings("try")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class IdleReactorsContract {

    static final Duration ECHO_DEADLINE = Duration.ofSeconds(1);

    /** A server with several reactors. */
    protected abstract ServerFactory server();

    /** Its reactor threads, once serve() has started them (empty before). */
    protected abstract List<Thread> reactorThreads(Server server);

    // tag::idle-reactors[]
    @Test
    @DisplayName("a client that connects while every reactor sleeps in select() gets its echo within one second")
    void aClientOfAnIdleReactorIsServedAtOnce() throws IOException, InterruptedException {
        try (ServerFixture fixture = ServerFixture.start(server())) {
            int reactors = awaitReactorThreads(fixture).size();
            for (int client = 1; client <= reactors; client++) { // handed out in turn: one client per reactor
                awaitEveryReactorAsleep(fixture);
                echoWithinTheDeadline(fixture, client, reactors);
            }
        }
    }
    // end::idle-reactors[]

    private void echoWithinTheDeadline(ServerFixture fixture, int client, int reactors) throws IOException {
        byte[] hello = Payloads.random(100);
        byte[] reply = new byte[hello.length];
        int got = 0;
        try (Socket socket = new Socket(fixture.address().getAddress(), fixture.address().getPort())) {
            long deadline = System.nanoTime() + ECHO_DEADLINE.toNanos();
            socket.getOutputStream().write(hello);
            InputStream in = socket.getInputStream();
            while (got < reply.length) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout(Math.toIntExact(left));
                int n = in.read(reply, got, reply.length - got);
                if (n == -1) {
                    fail("Client " + client + " was closed by the server after " + got + " of 100 bytes.");
                }
                got += n;
            }
        } catch (SocketTimeoutException e) {
            fixture.assertLoopRunning();
            fail(String.format("Client %d of %d connected while every reactor slept in select(), and %d of its 100"
                    + " bytes came back within %d s. Its reactor never saw it: after the acceptor puts a channel in"
                    + " a reactor's queue, it must call that reactor's selector.wakeup(); a reactor asleep in"
                    + " select() only looks at its queue when something wakes it.", client, reactors, got,
                    ECHO_DEADLINE.toSeconds()));
        }
        assertSameBytes(hello, reply, "");
    }

    private List<Thread> awaitReactorThreads(ServerFixture fixture) {
        Eventually.await(fixture, () -> !reactorThreads(fixture.server()).isEmpty(), Eventually.DEADLINE,
                () -> "serve() started no reactor thread.");
        return reactorThreads(fixture.server());
    }

    /** Waits until every reactor thread is inside a selection operation: the moment a missing wakeup matters. */
    private void awaitEveryReactorAsleep(ServerFixture fixture) {
        List<Thread> threads = reactorThreads(fixture.server());
        Eventually.await(fixture, () -> threads.stream().allMatch(IdleReactorsContract::isSelecting),
                Eventually.DEADLINE, () -> "the reactor threads " + threads.stream().filter(t -> !isSelecting(t))
                        .map(Thread::getName).toList() + " never went to sleep in select().");
    }

    private static boolean isSelecting(Thread thread) {
        // Every JDK selector (epoll, poll, kqueue, WEPoll) selects in a doSelect method of a SelectorImpl subclass.
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("doSelect")
                && frame.getClassName().startsWith("sun.nio.ch.") && frame.getClassName().endsWith("SelectorImpl"));
    }
}
