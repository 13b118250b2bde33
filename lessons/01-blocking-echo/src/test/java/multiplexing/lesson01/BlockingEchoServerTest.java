package multiplexing.lesson01;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import multiplexing.testkit.EchoContract;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.ServerFactory;
import multiplexing.toolkit.Todo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;

@DisplayName("Lesson 01: BlockingEchoServer")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlockingEchoServerTest extends EchoContract {

    @Override
    protected ServerFactory server() {
        return BlockingEchoServer::new;
    }

    // tag::one-at-a-time[]
    @Test
    @DisplayName("serves one client at a time: a second client waits until the first one leaves")
    void servesOneClientAtATime() throws IOException {
        TestClient first = fixture.connect(); // closed by the test below, or with the fixture if the test fails
        try (TestClient second = fixture.connect()) {
            byte[] hello = Payloads.random(100);
            first.roundTrip(hello, hello); // now the server sits in the first client's echo loop, blocked in read()

            // The kernel completes the second connection and buffers its bytes; the server has not accepted it.
            byte[] waiting = Payloads.random(100);
            second.send(waiting);
            second.assertNothingArrivesFor(Duration.ofMillis(500),
                    "a blocking server is still busy with the first client and cannot serve a second one.");

            first.close();
            assertSameBytes(waiting, second.receive(waiting.length),
                    "As soon as the first client leaves, the accept loop must take the next one.");
        }
    }
    // end::one-at-a-time[]

    @Test
    @DisplayName("serve() returns, without an exception, once close() has stopped it")
    void serveReturnsQuietlyWhenClosed() throws Exception {
        BlockingEchoServer server = new BlockingEchoServer(new InetSocketAddress("127.0.0.1", 0), EventLog.SILENT);
        CompletableFuture<Void> loop = new CompletableFuture<>();
        Thread.ofPlatform().name("serve-then-close").daemon().start(() -> {
            try {
                server.serve();
                loop.complete(null);
            } catch (Throwable e) {
                loop.completeExceptionally(e);
            }
        });
        server.close(); // whether serve() is in accept() by now or not: accept() throws, and closed is true
        try {
            loop.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("serve() was still running 5 s after close(): the accept loop must end when"
                    + " accept() throws because close() closed the listener.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Todo todo) {
                throw todo;
            }
            throw new AssertionError("serve() threw " + e.getCause() + " after close(): when accept() throws a"
                    + " SocketException and closed is true, the server is being closed on purpose; return.",
                    e.getCause());
        }
    }
}
