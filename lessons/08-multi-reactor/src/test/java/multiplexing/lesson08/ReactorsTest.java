package multiplexing.lesson08;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import multiplexing.testkit.Bytes;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.QuietWindow;
import multiplexing.testkit.ServerFixture;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.FlakyAcceptor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

// "try": ServerFixture.close() may throw InterruptedException (it waits for the server's loop); the tests declare it.
@SuppressWarnings("try")
@DisplayName("Lesson 08: MultiReactorEchoServer's reactors")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReactorsTest {

    // tag::spread[]
    @Test
    @DisplayName("round-robin: 40 clients over 4 reactors, every reactor serves 10")
    void roundRobinSpreadsTheClients() throws IOException, InterruptedException {
        try (ServerFixture fixture = start(Settings.ECHO, Layout.of(4), new ArrayList<>())) {
            MultiReactorEchoServer server = (MultiReactorEchoServer) fixture.server();
            connectAndEcho(fixture, 40);
            List<Integer> served = server.connectionsPerReactor();
            assertThat(served).as("Connections served by each of the 4 reactors: %s. A reactor that serves none"
                    + " is a wasted core: does nextReactor() ever move past the first reactor?", served)
                    .allMatch(count -> count > 0);
            assertThat(served).as("Round-robin hands the 40 clients out in turn, 10 to each reactor, but they served"
                    + " %s: move to the next reactor after every connection, and back to the first after the last.",
                    served).containsExactly(10, 10, 10, 10);
        }
    }
    // end::spread[]

    @Test
    @DisplayName("100 clients that connect at once, faster than the reactor wakes, are all registered: the last one is served")
    void everyQueuedClientIsRegistered() throws IOException, InterruptedException {
        try (ServerFixture fixture = start(Settings.ECHO, Layout.of(1), new ArrayList<>())) {
            List<TestClient> silent = new ArrayList<>();
            for (int i = 0; i < 99; i++) {
                silent.add(fixture.connect()); // connected, and never a byte: no event will wake the reactor for them
            }
            TestClient last = fixture.connect();
            byte[] hello = Payloads.random(16);
            last.send(hello);
            // Several hand-offs often share one wakeup: a reactor that registers one newcomer per turn leaves the
            // others in its queue, and nothing else wakes it. (A correct reactor passes whatever the timing.)
            byte[] reply = new byte[hello.length];
            int got = 0;
            try {
                last.socket().setSoTimeout(1000);
                for (int n; got < reply.length && (n = last.socket().getInputStream().read(reply, got,
                        reply.length - got)) != -1; ) {
                    got += n;
                }
            } catch (SocketTimeoutException e) {
                fixture.assertLoopRunning();
                fail("The last of 100 clients that connected at once got " + got + " of its 16 bytes back within 1 s:"
                        + " its channel is still in the reactor's queue. Does registerNewcomers() take every channel"
                        + " out of the queue, until poll() returns null?");
            }
            Bytes.assertSameBytes(hello, reply, "");
        }
    }

    // tag::close[]
    @Test
    @DisplayName("close() returns only when every reactor thread has ended, every client is closed and the port is free")
    void closeLeavesNothingBehind() throws IOException, InterruptedException, ExecutionException {
        // Each reactor's last act is its --stats line; this log makes that take 0.3 s, so that a close() that does
        // not wait for the reactors returns while they are visibly still running.
        List<String> stats = new CopyOnWriteArrayList<>();
        EventLog slowToFinish = line -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)); // widens the window, synchronises nothing
            stats.add(line);
        };
        try (ServerFixture fixture = ServerFixture.start((address, log) -> new MultiReactorEchoServer(address, log,
                Settings.ECHO, Layout.of(3).withStats(true)), slowToFinish)) {
            MultiReactorEchoServer server = (MultiReactorEchoServer) fixture.server();
            InetSocketAddress address = server.address();
            List<TestClient> clients = connectAndEcho(fixture, 6);
            List<Thread> reactors = server.reactorThreads();
            assertThat(reactors).as("reactor threads while serving").hasSize(3);

            closeWithin(fixture, Duration.ofSeconds(5));

            assertThat(reactors).as("Reactor threads still alive after close() returned: stop every reactor, then"
                    + " join each thread, before close() returns.").noneMatch(Thread::isAlive);
            assertThat(stats).as("each reactor's last words, logged before close() returned").hasSize(3);
            for (TestClient client : clients) {
                client.assertClosedByServer(); // each reactor closed its connections on its way out
            }
            try (ServerSocketChannel again = ServerSocketChannel.open()) {
                again.bind(address); // throws "Address already in use" if a listening channel was left open
            }
        }
    }
    // end::close[]

    @Test
    @DisplayName("with --verbose, each connection's lines name its reactor; with --stats, close() reports each reactor's count")
    void logsNameTheReactor() throws IOException, InterruptedException {
        List<String> verbose = new CopyOnWriteArrayList<>();
        try (ServerFixture fixture = start(Settings.ECHO.withVerbose(true), Layout.of(2), verbose)) {
            connectAndEcho(fixture, 2);
        }
        assertThat(verbose).anySatisfy(line -> assertThat(line).startsWith("reactor-0: Connected: "))
                .anySatisfy(line -> assertThat(line).startsWith("reactor-1: Connected: "))
                .anySatisfy(line -> assertThat(line).startsWith("reactor-1: Read 16 bytes from "));

        List<String> stats = new CopyOnWriteArrayList<>();
        try (ServerFixture fixture = start(Settings.ECHO, Layout.of(2).withStats(true), stats)) {
            connectAndEcho(fixture, 4);
        }
        assertThat(stats).containsExactlyInAnyOrder("reactor-0 served 2 connections", "reactor-1 served 2 connections");
    }

    @Test
    @DisplayName("with 40 idle clients over 4 reactors, the reactors sleep: a handful of wake-ups in 0.3 s")
    void idleReactorsSleep() throws IOException, InterruptedException {
        try (ServerFixture fixture = start(Settings.ECHO, Layout.of(4), new ArrayList<>())) {
            MultiReactorEchoServer server = (MultiReactorEchoServer) fixture.server();
            List<TestClient> clients = connectAndEcho(fixture, 40);
            long wakeUps = QuietWindow.growthOf(server::wakeUps, clients.getLast(), Duration.ofMillis(300),
                    "nobody sent anything.");
            assertThat(wakeUps).as("The 4 reactors woke up %,d times in 0.3 s with nothing to do: does a reactor"
                    + " call select() with a timeout, selectNow(), or wakeup() itself on every turn?", wakeUps)
                    .isLessThanOrEqualTo(8);
        }
    }

    @Test
    @DisplayName("when accept fails (too many open files), the acceptor pauses instead of spinning, clients are served, and it recovers")
    void acceptFailuresPauseTheAcceptor() throws IOException, InterruptedException {
        FlakyAcceptor acceptor = new FlakyAcceptor();
        List<String> log = new CopyOnWriteArrayList<>();
        Settings settings = Settings.ECHO.withAcceptor(acceptor).withAcceptPause(Duration.ofMillis(50));
        try (ServerFixture fixture = start(settings, Layout.of(2), log)) {
            TestClient connected = connectAndEcho(fixture, 1).getFirst();
            acceptor.startFailing();
            // The acceptor is blocked in accept() already: this client completes it, the next accept fails.
            TestClient unlocking = fixture.connect();
            TestClient waiting = fixture.connect();
            assertThat(acceptor.awaitFirstFailure(10, TimeUnit.SECONDS)).as("accept was never tried").isTrue();
            roundTrip(connected);
            long attempts = QuietWindow.growthOf(acceptor::attempts, waiting, Duration.ofMillis(500),
                    "the server could not accept this client yet.");
            assertThat(attempts).as("accept was tried %,d times in half a second: after a failure, pause.",
                    attempts).isLessThanOrEqualTo(20);
            acceptor.stopFailing();
            roundTrip(unlocking);
            roundTrip(waiting);
            assertThat(log).as("one line per failed accept, saying why").hasSize(acceptor.failures())
                    .allSatisfy(line -> assertThat(line).contains("Too many open files").doesNotContain("\n"));
        }
    }

    @Test
    @DisplayName("--reactors takes a number from 1 to 256; --reuseport and --stats switch the layout; the rest is the toolkit's")
    void parsesItsOptions() throws Exception {
        ReactorOptions options = ReactorOptions.parse(
                new String[] {"--port", "0", "--reactors", "3", "--reuseport", "--stats", "--verbose", "--quiet"});
        assertThat(options.layout()).isEqualTo(new Layout(3, true, true));
        assertThat(options.verbose()).isTrue();
        assertThat(options.rest()).containsExactly("--port", "0", "--quiet");
        for (String bad : List.of("0", "257", "two", "--stats")) {
            try {
                ReactorOptions.parse(new String[] {"--reactors", bad});
                fail("--reactors " + bad + " was accepted");
            } catch (multiplexing.toolkit.UsageException e) {
                assertThat(e.getMessage()).startsWith("--reactors takes a whole number from 1 to 256");
            }
        }
    }

    private static ServerFixture start(Settings settings, Layout layout, List<String> log) throws IOException {
        return ServerFixture.start((address, eventLog) -> new MultiReactorEchoServer(address, eventLog, settings,
                layout), log::add);
    }

    /** Connects {@code count} clients one after another, each completing a round trip (so it has been registered). */
    private static List<TestClient> connectAndEcho(ServerFixture fixture, int count) throws IOException {
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TestClient client = fixture.connect();
            clients.add(client);
            roundTrip(client);
        }
        return clients;
    }

    private static void roundTrip(TestClient client) throws IOException {
        byte[] hello = Payloads.random(16);
        client.roundTrip(hello, hello);
    }

    /** Closes the server (not the fixture) from another thread, failing if close() has not returned within {@code limit}. */
    private static void closeWithin(ServerFixture fixture, Duration limit)
            throws InterruptedException, ExecutionException {
        CompletableFuture<Void> closing = CompletableFuture.runAsync(fixture::closeServerOnly,
                task -> Thread.ofPlatform().daemon().start(task));
        try {
            closing.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("close() had not returned after " + limit.toSeconds() + " s: is it joining a reactor that nobody"
                    + " stopped? Stop every reactor (stop() wakes its selector) before joining the threads.");
        }
    }
}
