package multiplexing.lesson11;

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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * accept4 failing with EMFILE must cost nothing but a pause: the connected clients are served, the loop does not spin
 * on a listener that stays ready, and the queued client is accepted once the pause is over. Edge-triggered too, where
 * only the EPOLL_CTL_MOD that ends the pause makes epoll report the queued client again.
 */
@DisplayName("Lesson 11: RawEpollEchoServer when accept fails")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AcceptFailuresTest {

    private static final Duration PAUSE = Duration.ofMillis(50);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Trigger.class, names = {"LEVEL", "EDGE"})
    @DisplayName("when accept4 fails with EMFILE, it serves its clients, pauses instead of spinning, and recovers")
    void survivesAcceptFailures(Trigger trigger) throws IOException, InterruptedException {
        FlakyAcceptor acceptor = new FlakyAcceptor();
        List<String> log = new CopyOnWriteArrayList<>();
        try (ServerFixture fixture = ServerFixture.start((address, eventLog) -> new RawEpollEchoServer(address,
                eventLog, Settings.ECHO.withTrigger(trigger).withAcceptor(acceptor).withAcceptPause(PAUSE)), log::add);
             TestClient connected = fixture.connect()) {
            roundTrip(connected); // accepted while accept4 still works

            acceptor.startFailing();
            TestClient waiting = fixture.connect(); // the kernel completes it; the server's accept4 fails
            assertThat(acceptor.awaitFirstFailure(10, TimeUnit.SECONDS)).as("accept4 was never tried").isTrue();
            roundTrip(connected); // still served while accept4 fails

            long attempts = QuietWindow.growthOf(acceptor::attempts, waiting, Duration.ofMillis(500),
                    "the server could not accept this client yet.");
            assertThat(attempts).as("accept4 was tried %,d times in half a second: the failed connection stays in the"
                    + " listen queue, so the listener stays ready", attempts).isLessThanOrEqualTo(20);

            int attemptsWhileFailing = acceptor.attempts();
            acceptor.stopFailing();
            Eventually.await(fixture, () -> acceptor.attempts() > attemptsWhileFailing, Duration.ofSeconds(2),
                    () -> "accept4 was not tried again within 2 s of the end of a " + PAUSE.toMillis() + " ms pause.");
            roundTrip(waiting); // accepted once the pause is over
            assertThat(log.stream().filter(line -> line.startsWith("Cannot accept")).toList())
                    .as("one log line per failure").hasSize(acceptor.failures())
                    .allSatisfy(line -> assertThat(line).contains("accept4: EMFILE (Too many open files)"));
        }
    }

    private static void roundTrip(TestClient client) throws IOException {
        byte[] hello = Payloads.random(100);
        client.roundTrip(hello, hello);
    }
}
