package multiplexing.lesson07;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.Eventually;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.QuietWindow;
import multiplexing.testkit.ServerFixture;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.FlakyAcceptor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Lesson 07: RobustEchoServer when accept fails")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AcceptFailuresTest {

    private static final Duration PAUSE = Duration.ofMillis(50);

    // tag::accept-failures[]
    @Test
    @DisplayName("when accept fails (too many open files), it logs one line per failure, serves its clients, pauses instead of spinning, and recovers")
    void survivesAcceptFailures() throws IOException, InterruptedException {
        FlakyAcceptor acceptor = new FlakyAcceptor();
        List<String> log = new CopyOnWriteArrayList<>();
        try (ServerFixture fixture = ServerFixture.start((address, eventLog) -> new RobustEchoServer(address, eventLog,
                Settings.ECHO.withAcceptor(acceptor).withAcceptPause(PAUSE)), log::add);
             TestClient connected = fixture.connect()) {
            roundTrip(connected); // accepted while accept still works

            acceptor.startFailing();
            TestClient waiting = fixture.connect(); // the kernel completes it; the server's accept fails
            assertThat(acceptor.awaitFirstFailure(10, TimeUnit.SECONDS)).as("accept was never tried").isTrue();
            roundTrip(connected); // still served while accept fails

            long attempts = QuietWindow.growthOf(acceptor::attempts, waiting, Duration.ofMillis(500),
                    "the server could not accept this client yet.");
            assertThat(attempts).as("accept was tried %,d times in half a second. The failed connection stays in the"
                    + " listen queue, so OP_ACCEPT stays ready: clear it for a pause, or the loop spins.", attempts)
                    .isLessThanOrEqualTo(20);

            int attemptsWhileFailing = acceptor.attempts();
            acceptor.stopFailing();
            Eventually.await(fixture, () -> acceptor.attempts() > attemptsWhileFailing, Duration.ofSeconds(2),
                    () -> "accept was not tried again within 2 s, though the pause is " + PAUSE.toMillis() + " ms:"
                            + " set acceptPaused and acceptResumesAt, so that selectTimeoutMillis() wakes the loop"
                            + " and resumeAcceptingWhenDue() turns OP_ACCEPT back on.");
            roundTrip(waiting); // accepted once the pause is over
            int failures = acceptor.failures();
            assertThat(log).as("accept failed %,d times, and the log has %,d lines: log one line per failure (log.log),"
                    + " saying what failed (e.getMessage()) and that accepting is paused.", failures, log.size())
                    .hasSize(failures);
            for (String line : log) {
                assertThat(line).as("Each failure gets one line that says why; this one is:%n%s", line)
                        .contains("Too many open files").doesNotContain("\n");
            }
        }
    }
    // end::accept-failures[]

    private static void roundTrip(TestClient client) throws IOException {
        byte[] hello = Payloads.random(100);
        client.roundTrip(hello, hello);
    }
}
