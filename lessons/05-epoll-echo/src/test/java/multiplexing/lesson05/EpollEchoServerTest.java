package multiplexing.lesson05;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.testkit.Eventually;
import multiplexing.testkit.LateReading;
import multiplexing.testkit.ManyClients;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.RecordingLog;
import multiplexing.testkit.ServerFixture;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.PythonRepr;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;
import static multiplexing.testkit.Eventually.assertEventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("Lesson 05: EpollEchoServer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EpollEchoServerTest extends ConcurrentEchoContract {

    @Override
    protected ServerFactory server() {
        return EpollEchoServer::new;
    }

    // tag::forgets-clients[]
    @Test
    @DisplayName("forgets every client that leaves: after 200 clients, only the listening channel is registered")
    void forgetsClientsThatLeave() throws IOException, InterruptedException {
        EpollEchoServer server = (EpollEchoServer) fixture.server();
        // 200 clients connect, echo 1 KiB and close, in waves of 10 open at once. A wave fits the backlog of 10;
        // a burst of 200 connects would overflow it, and each dropped connect waits a second before its retry.
        for (int wave = 0; wave < 20; wave++) {
            ManyClients.echoAtOnce(fixture, 10, 1024, byte[]::clone);
        }

        assertEventually(() -> server.registeredKeys() == 1, () -> server.registeredKeys() + " keys are still"
                + " registered, expected 1 (the listening channel). When read() returns -1, cancel the key and close"
                + " the channel: the seed's EPOLLHUP branch.");
        try (TestClient client = fixture.connect()) {
            byte[] bytes = Payloads.random(100);
            client.roundTrip(bytes, bytes);
        }
    }
    // end::forgets-clients[]

    @Test
    @DisplayName("on Linux, Selector.open() is epoll: the default SelectorProvider is EPollSelectorProvider")
    void selectorIsEpollOnLinux() throws IOException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "epoll exists on Linux only");
        assertThat(SelectorProvider.provider().getClass().getName())
                .as("the JDK's default SelectorProvider on Linux (unless -Djava.nio.channels.spi.SelectorProvider"
                        + " chose another)")
                .isEqualTo("sun.nio.ch.EPollSelectorProvider");
        try (Selector selector = Selector.open()) {
            assertThat(selector.getClass().getName()).isEqualTo("sun.nio.ch.EPollSelectorImpl");
        }
    }

    // tag::timeout-units[]
    @Test
    @DisplayName("waits 10 seconds for events, as the seed does: an idle server logs no timeout within half a second")
    void waitsTenSecondsNotTenMilliseconds() throws IOException, InterruptedException {
        RecordingLog log = new RecordingLog();
        try (ServerFixture server = ServerFixture.start(EpollEchoServer::new, log)) {
            log.awaitLine("Waiting for active connections......");
            log.assertNoLineFor("epoll timed out", Duration.ofMillis(500), "the seed's epoll.poll(10) waits 10"
                    + " seconds, and Selector.select(long) counts milliseconds: select(10) waits 10 ms.");
            server.assertLoopRunning(); // and still waiting, not ended
        }
    }
    // end::timeout-units[]

    // tag::late-reader[]
    @Test
    @DisplayName("one reply pending at a time: a client that sends 16 MiB before it reads anything gets every byte back")
    void aLateReaderGetsEveryByte() throws IOException {
        byte[] payload = Payloads.random(LateReading.PAYLOAD);
        try (TestClient client = fixture.connect()) {
            byte[] reply;
            try {
                reply = LateReading.sendThenRead(client, payload, payload.length);
            } catch (IOException e) {
                fixture.assertLoopRunning(); // the loop died and took the connection with it: say why
                throw e;
            }
            fixture.assertLoopRunning(); // if the loop died, its exception is the better explanation
            LateReading.assertWholeReply(payload, reply);
        }
    }
    // end::late-reader[]

    @Test
    @DisplayName("close() ends serve() at once, and the wake-up is not logged as a timeout")
    void closeEndsTheLoopWithoutATimeout() throws IOException, InterruptedException {
        RecordingLog log = new RecordingLog();
        EpollEchoServer server = new EpollEchoServer(new InetSocketAddress("127.0.0.1", 0), log);
        CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
            try {
                server.serve();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> Thread.ofPlatform().name("server-under-test").daemon().start(runnable));
        assertEventually(() -> serving.isDone() || log.lines().contains("Waiting for active connections......"),
                () -> "serve() logged no \"Waiting for active connections......\" before its first select().");
        server.close(); // from here on, the next select() returns at once, and returns 0
        try {
            serving.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("serve() was still running 5 s after close(). The given close() sets closed and"
                    + " wakes the selector, so select() returns at once: the loop must then see closed and leave.");
        } catch (ExecutionException e) {
            throw new AssertionError("serve() ended with " + e.getCause(), e.getCause());
        }
        assertThat(log.lines()).as("The server's log after close(). select() returns 0 when close() wakes it up;"
                + " check closed before taking that 0 for a timeout.")
                .noneMatch(line -> line.startsWith("epoll timed out"));
    }

    // tag::event-log[]
    @Test
    @DisplayName("prints the seed's messages in English, in the seed's order, for one client's exchange")
    void printsTheSeedsMessages() throws IOException, InterruptedException {
        RecordingLog log = new RecordingLog();
        try (ServerFixture server = ServerFixture.start(EpollEchoServer::new, log)) {
            String peer;
            try (TestClient client = server.connect()) {
                peer = PythonRepr.address((InetSocketAddress) client.socket().getLocalSocketAddress());
                byte[] hello = "hello\n".getBytes(StandardCharsets.US_ASCII);
                client.send(hello);
                // Step by step, so that a server that stops short shows in its log where it stopped.
                awaitLogged(server, log, "New connection: " + peer);
                awaitLogged(server, log, "Received data: b'hello\\n' client: " + peer);
                awaitLogged(server, log, "Sending data: b'hello\\n' client: " + peer);
                assertSameBytes(hello, client.receive(hello.length), "");
            } // the client leaves: an orderly close, which the server reads as end of stream
            log.awaitLine("client close");

            assertThat(log.lines()).as("the server's log, which must hold these lines in this order").containsSubsequence(
                    "Server started successfully, listening on IP: " + PythonRepr.address(server.address()),
                    "Waiting for active connections......",
                    "1 new event(s), processing......",
                    "Let me check the events: [(server, OP_ACCEPT)]",
                    "New connection: " + peer,
                    "Waiting for active connections......",
                    "Let me check the events: [(" + peer + ", OP_READ)]",
                    "Received data: b'hello\\n' client: " + peer,
                    "Checking wdata {" + peer + ": b'hello\\n'}",
                    "Waiting for active connections......",
                    "Let me check the events: [(" + peer + ", OP_WRITE)]",
                    "Sending data: b'hello\\n' client: " + peer,
                    "Waiting for active connections......",
                    "Let me check the events: [(" + peer + ", OP_READ)]",
                    "client close");
        }
    }
    // end::event-log[]

    /** Waits for {@code line} in the server's log; fails at once, with the server's exception, if its loop dies. */
    private static void awaitLogged(ServerFixture server, RecordingLog log, String line) {
        Eventually.await(server, () -> log.lines().contains(line), TestClient.REPLY_DEADLINE,
                () -> "the server has not logged \"" + line + "\". Its log so far:\n  "
                        + String.join("\n  ", log.lines()));
    }
}
