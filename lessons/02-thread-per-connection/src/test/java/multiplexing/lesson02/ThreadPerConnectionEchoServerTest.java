package multiplexing.lesson02;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.testkit.Eventually;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Lesson 02: ThreadPerConnectionEchoServer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadPerConnectionEchoServerTest extends ConcurrentEchoContract {

    private static final int CLIENTS = 20;
    private static final Duration THREAD_END_DEADLINE = Duration.ofSeconds(10);
    /** Each round lands close() in the middle of a burst of accepts; the 200 rounds take well under a second. */
    private static final int RACE_ROUNDS = 200;
    private static final int RACE_BURST = 4;

    @Override
    protected ServerFactory server() {
        return ThreadPerConnectionEchoServer::new;
    }

    /** What the page promises: 100 clients at once, each with its own random payload, each getting its own back. */
    @Override
    protected int concurrentClients() {
        return 100;
    }

    @Test
    @DisplayName("gives every connection a platform thread of its own")
    void oneThreadPerConnection() throws IOException {
        connectServedClients(CLIENTS);

        List<Thread> threads = echoServer().connectionThreads();
        assertThat(threads)
                .as("One thread per connected client, each recorded in connections before it starts.")
                .hasSize(CLIENTS)
                .doesNotHaveDuplicates()
                .allMatch(Thread::isAlive)
                .noneMatch(Thread::isVirtual); // virtual threads are lesson 09: here each client costs an OS thread
    }

    @Test
    @DisplayName("ends a connection's thread when its client leaves")
    void threadEndsWhenItsClientLeaves() throws IOException {
        List<TestClient> clients = connectServedClients(CLIENTS);
        List<Thread> threads = echoServer().connectionThreads();
        assertThat(threads).hasSize(CLIENTS);

        clients.forEach(TestClient::close);

        Eventually.await(fixture,
                () -> threads.stream().noneMatch(Thread::isAlive) && echoServer().connectionThreads().isEmpty(),
                THREAD_END_DEADLINE,
                () -> "After every client left, " + echoServer().connectionThreads().size() + " connection threads"
                        + " remain: when read returns -1 (the client closed), the thread must close its socket,"
                        + " remove itself from connections and end.");
    }

    // tag::close-ends-threads[]
    @Test
    @DisplayName("close() closes every connection, and no thread it started outlives it")
    void closeEndsEveryThread() throws IOException {
        List<TestClient> clients = connectServedClients(CLIENTS);
        List<Thread> threads = echoServer().connectionThreads();
        assertThat(threads).hasSize(CLIENTS);

        fixture.closeServerOnly(); // the clients stay connected: only the server can end these threads now

        assertThat(threads)
                .as("Threads still running when close() returned: close() must close every client's socket"
                        + " (that wakes its thread from read()) and then wait for the thread to end (awaitEnd).")
                .noneMatch(Thread::isAlive);
        for (TestClient client : clients) {
            client.assertClosedByServer();
        }
    }
    // end::close-ends-threads[]

    // tag::close-during-accept[]
    @Test
    @DisplayName("close() in the middle of a burst of accepts: every connection ends, and no thread outlives close()")
    void closeDuringAcceptLeavesNoThreadBehind() throws Exception {
        List<CloseDuringAccept> rounds = new ArrayList<>();
        try {
            for (int round = 1; round <= RACE_ROUNDS; round++) {
                CloseDuringAccept race = new CloseDuringAccept();
                rounds.add(race);
                String where = "Round " + round + " of " + RACE_ROUNDS + " (" + RACE_BURST + " clients connect,"
                        + " then close() runs while the accept loop is still starting their threads): ";
                assertThat(race.run(RACE_BURST))
                        .as(where + "when close() returned, the server was not done with the burst.")
                        .isEmpty();
                assertThat(race.loopEnded(THREAD_END_DEADLINE.toMillis()))
                        .as(where + "serve() was still running " + THREAD_END_DEADLINE.toSeconds() + " s after close().")
                        .isTrue();
                assertThat(race.clientsLeftOpen())
                        .as(where + "close() never closed these connections: a client recorded after close() took"
                                + " its snapshot is one close() cannot see. startThreadFor must look at closed after"
                                + " recording the client and, if it is true, close its socket instead of starting"
                                + " its thread.")
                        .isEmpty();
            }
            for (int round = 1; round <= rounds.size(); round++) {
                assertThat(rounds.get(round - 1).linesAfterClose())
                        .as("Round " + round + ": connection threads logged these lines after close() had returned,"
                                + " so close() did not wait for them: a thread must be recorded before it starts,"
                                + " and must not be started once closed is true.")
                        .isEmpty();
            }
        } finally {
            rounds.forEach(CloseDuringAccept::close);
        }
    }
    // end::close-during-accept[]

    private ThreadPerConnectionEchoServer echoServer() {
        return (ThreadPerConnectionEchoServer) fixture.server();
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
