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
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ConcurrentEchoContract extends EchoContract {

    /** How many clients {@link #servesManyClientsAtOnce()} opens; lessons may ask for more. */
    protected int concurrentClients() {
        return 50;
    }

    @Test
    @DisplayName("an idle connected client does not delay another client")
    void idleClientDoesNotBlockOthers() throws IOException {
        try (TestClient idle = fixture.connect(); TestClient busy = fixture.connect()) {
            byte[] first = Payloads.random(32);
            idle.roundTrip(first, expectedReply(first)); // the server has certainly accepted the idle client
            for (int round = 0; round < 3; round++) {
                byte[] bytes = Payloads.random(1000);
                busy.roundTrip(bytes, expectedReply(bytes));
            }
        }
    }

    @Test
    @DisplayName("interleaves two clients: each reply goes to the client that sent it")
    void interleavesTwoClients() throws IOException {
        try (TestClient a = fixture.connect(); TestClient b = fixture.connect()) {
            for (int round = 0; round < 20; round++) {
                byte[] toA = Payloads.random(1 + round * 50);
                byte[] toB = Payloads.random(1 + round * 70);
                a.send(toA);
                b.send(toB);
                Bytes.assertSameBytes(expectedReply(toB), b.receive(toB.length), "Replies must go to their sender.");
                Bytes.assertSameBytes(expectedReply(toA), a.receive(toA.length), "Replies must go to their sender.");
            }
        }
    }

    @Test
    @DisplayName("serves many clients at once, each getting exactly its own bytes back")
    void servesManyClientsAtOnce() throws IOException, InterruptedException {
        ManyClients.echoAtOnce(fixture, concurrentClients(), 16 * 1024, this::expectedReply);
    }
}
