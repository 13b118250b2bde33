package multiplexing.lesson09;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.QuietWindow;
import multiplexing.testkit.ServerFixture;
import multiplexing.testkit.TestClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Lesson 09: VirtualThreadEchoServer when accept fails")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AcceptFailuresTest {

    private static final Duration PAUSE = Duration.ofMillis(50);

    @Test
    @DisplayName("when accept fails (too many open files), it logs why, serves its clients, pauses instead of spinning, and recovers")
    void survivesAcceptFailures() throws IOException, InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        FlakyListener[] listener = new FlakyListener[1];
        try (ServerFixture fixture = ServerFixture.start((address, eventLog) -> {
            listener[0] = new FlakyListener(address);
            return new VirtualThreadEchoServer(listener[0], eventLog, VirtualThreadEchoServer.Reply.ECHO, PAUSE);
        }, log::add);
             TestClient connected = fixture.connect()) {
            FlakyListener acceptor = listener[0];
            roundTrip(connected); // accepted while accept still works

            acceptor.startFailing();
            TestClient waiting = fixture.connect(); // the kernel completes it; the server's accept fails
            assertThat(acceptor.awaitFirstFailure(10, TimeUnit.SECONDS)).as("accept was never tried").isTrue();
            roundTrip(connected); // still served while accept fails

            long attempts = QuietWindow.growthOf(acceptor::attempts, waiting, Duration.ofMillis(500),
                    "the server could not accept this client yet.");
            assertThat(attempts).as("accept was tried %,d times in half a second: after a failure, pause before"
                    + " the next accept, or the loop spins.", attempts).isLessThanOrEqualTo(20);

            acceptor.stopFailing();
            roundTrip(waiting); // accepted once the pause is over
            assertThat(log.stream().filter(line -> line.contains("Too many open files")).count())
                    .as("one line per failed accept, saying why: %s", log)
                    .isEqualTo(acceptor.failures());
        }
    }

    private static void roundTrip(TestClient client) throws IOException {
        byte[] hello = Payloads.random(100);
        client.roundTrip(hello, hello);
    }
}
