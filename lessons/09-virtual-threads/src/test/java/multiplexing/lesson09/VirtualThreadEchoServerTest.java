package multiplexing.lesson09;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.Descriptors;
import multiplexing.testkit.Eventually;
import multiplexing.testkit.HostileClientsContract;
import multiplexing.testkit.ManyClients;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Lesson 09: VirtualThreadEchoServer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualThreadEchoServerTest extends HostileClientsContract {

    private static final int CLIENTS = 20;
    private static final Duration THREAD_END_DEADLINE = Duration.ofSeconds(10);

    @Override
    protected ServerFactory server() {
        return VirtualThreadEchoServer::new;
    }

    // tag::two-thousand[]
    @Test
    @DisplayName("serves 2,000 clients at once, each getting exactly its own bytes back")
    void servesTwoThousandClients() throws IOException, InterruptedException {
        Descriptors.requireRoomFor(2000);
        ManyClients.echoAtOnce(fixture, 2000, 1024, this::expectedReply);
    }
    // end::two-thousand[]

    // tag::virtual[]
    @Test
    @DisplayName("serves every connection on a virtual thread of its own, seen from inside the thread that serves it")
    void servesEachConnectionOnAVirtualThread() throws IOException {
        connectServedClients(CLIENTS);

        List<Thread> threads = echoServer().servingThreads(); // each recorded by Thread.currentThread() as it began
        assertThat(threads)
                .as("One serving thread per connected client: %s. A client served on the accept loop's thread"
                        + " blocks the next one; start a new thread for each.", threads)
                .hasSize(CLIENTS)
                .doesNotHaveDuplicates();
        assertThat(threads)
                .as("Connections served by platform threads: %s. Start each connection's thread from the"
                        + " executor of virtual threads (threads.execute), not with Thread.ofPlatform() or a pool of"
                        + " platform threads.", threads.stream().filter(thread -> !thread.isVirtual()).toList())
                .allMatch(Thread::isVirtual);
    }
    // end::virtual[]

    @Test
    @DisplayName("ends a connection's thread when its client leaves")
    void threadEndsWhenItsClientLeaves() throws IOException {
        List<TestClient> clients = connectServedClients(CLIENTS);
        List<Thread> threads = echoServer().servingThreads();
        assertThat(threads).hasSize(CLIENTS);

        clients.forEach(TestClient::close);

        Eventually.await(fixture, () -> threads.stream().noneMatch(Thread::isAlive),
                THREAD_END_DEADLINE,
                () -> threads.stream().filter(Thread::isAlive).count() + " of " + CLIENTS + " connection threads"
                        + " still run after their clients left: when read returns -1, the echo loop must return.");
    }

    // tag::close-ends-threads[]
    @Test
    @DisplayName("close() closes every connection, and no thread it started outlives it")
    void closeEndsEveryThread() throws IOException {
        List<TestClient> clients = connectServedClients(CLIENTS);
        List<Thread> threads = echoServer().servingThreads();
        assertThat(threads).hasSize(CLIENTS);

        fixture.closeServerOnly(); // the clients stay connected: only the server can end these threads now

        assertThat(threads.stream().filter(Thread::isAlive).toList())
                .as("Threads still running when close() returned: close() must shut the executor down, close every"
                        + " socket in connections (that wakes its thread from read()), then wait for the threads"
                        + " (awaitEnd); and startThreadFor must add every client to connections, or close() cannot"
                        + " find it.")
                .isEmpty();
        for (TestClient client : clients) {
            client.assertClosedByServer();
        }
    }
    // end::close-ends-threads[]

    private VirtualThreadEchoServer echoServer() {
        return (VirtualThreadEchoServer) fixture.server();
    }

    /** Connects {@code count} clients and completes a round trip on each, so that each is surely being served. */
    private List<TestClient> connectServedClients(int count) throws IOException {
        List<TestClient> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TestClient client = fixture.connect();
            clients.add(client);
            byte[] hello = Payloads.random(64);
            client.roundTrip(hello, hello);
        }
        return clients;
    }
}
