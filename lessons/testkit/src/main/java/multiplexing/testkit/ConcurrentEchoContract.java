package multiplexing.testkit;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every server that serves clients concurrently does, on top of the {@link EchoContract}: lesson 02 onwards.
 * (Lesson 01 is the one server that does not: its own test shows the second client waiting.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class ConcurrentEchoContract extends EchoContract {

    /** How many clients {@link #servesManyClientsAtOnce()} opens; lessons may ask for more. */
    protected int concurrentClients() {
        return 50;
    }

    @Test
    @Timeout(TEST_SECONDS)
    @DisplayName("an idle connected client does not delay another client")
    void idleClientDoesNotBlockOthers() throws IOException {
        try (TestClient idle = fixture.connect(); TestClient busy = fixture.connect()) {
            byte[] first = Payloads.random(32);
            idle.send(first);
            assertReply(first, idle.receive(first.length)); // the server has certainly accepted the idle client
            for (int round = 0; round < 3; round++) {
                byte[] bytes = Payloads.random(1000);
                busy.send(bytes);
                byte[] reply;
                try {
                    reply = busy.receive(bytes.length);
                } catch (AssertionError e) {
                    throw new AssertionError("A second client got no reply while the first stayed connected and"
                            + " idle. " + e.getMessage(), e.getCause());
                }
                assertReply(bytes, reply);
            }
        }
    }

    @Test
    @Timeout(TEST_SECONDS)
    @DisplayName("interleaves two clients: each reply goes to the client that sent it")
    void interleavesTwoClients() throws IOException {
        try (TestClient a = fixture.connect(); TestClient b = fixture.connect()) {
            for (int round = 0; round < 20; round++) {
                byte[] toA = Payloads.random(1 + round * 50);
                byte[] toB = Payloads.random(1 + round * 70);
                a.send(toA);
                b.send(toB);
                assertOwnReply("B", toB, b.receive(toB.length), toA);
                assertOwnReply("A", toA, a.receive(toA.length), toB);
            }
        }
    }

    private void assertOwnReply(String client, byte[] sent, byte[] reply, byte[] sentByTheOther) {
        int position = Bytes.firstDifference(expectedReply(sent), reply);
        if (position >= 0 && Bytes.indexOf(expectedReply(sentByTheOther), Bytes.probe(reply, position)) >= 0) {
            Bytes.assertReply(sent, expectedReply(sent), reply, "The bytes client " + client + " got from there"
                    + " on are the reply to the other client: each reply must go back on the connection it was read"
                    + " from.");
        }
        assertReply(sent, reply);
    }

    @Test
    @Timeout(30)
    @DisplayName("serves many clients at once, each getting exactly its own bytes back")
    void servesManyClientsAtOnce() throws IOException, InterruptedException {
        ManyClients.echoAtOnce(fixture, concurrentClients(), 16 * 1024, this::expectedReply);
    }
}
