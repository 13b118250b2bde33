package multiplexing.benchmark.load;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class LoadGeneratorTest {

    private static final int SIZE = 100;

    private static LoadPlan plan(FlawedServer server, int connections, long measuredMillis) {
        return LoadPlan.closedLoop(server.address(), connections, SIZE, Duration.ZERO,
                Duration.ofMillis(measuredMillis));
    }

    @Test
    @DisplayName("counts every byte it sends and receives, the same as the server counts")
    void countsEveryByte() throws Exception {
        try (FlawedServer server = FlawedServer.echo(FlawedServer.Flaw.NONE)) {
            LoadResult result = LoadGenerator.run(plan(server, 3, 300), WindowListener.NONE);

            assertThat(result.failure()).as("failure").isNull();
            assertThat(result.requests()).as("requests in the window").isPositive();
            assertThat(result.bytesSent()).as("bytes sent, against what the server received")
                    .isEqualTo(server.received.get());
            assertThat(result.bytesReceived()).as("bytes received, against what the server sent")
                    .isEqualTo(server.sent.get()).isEqualTo(result.bytesSent());
            assertThat(result.bytesSent() % SIZE).as("whole messages only").isZero();
            assertThat(result.bytesSent() / SIZE).as("messages: the window's, plus the first exchange of each"
                    + " connection and the warm-up").isGreaterThanOrEqualTo(result.requests() + 3);
            assertThat(result.latencyMicros().getTotalCount()).as("one latency per request counted")
                    .isEqualTo(result.requests());
        }
    }

    @Test
    @DisplayName("discards the warm-up: requests before the window are sent and checked, but not counted")
    void discardsTheWarmUp() throws Exception {
        try (FlawedServer server = FlawedServer.echo(FlawedServer.Flaw.NONE)) {
            LoadPlan plan = LoadPlan.closedLoop(server.address(), 2, SIZE, Duration.ofMillis(300),
                    Duration.ofMillis(300));
            LoadResult result = LoadGenerator.run(plan, WindowListener.NONE);

            long exchanged = result.bytesSent() / SIZE - 2; // every message but the first exchange of each connection
            assertThat(result.failure()).as("failure").isNull();
            assertThat(result.requests()).as("requests counted, of " + exchanged + " exchanged in 300 ms of warm-up"
                    + " and 300 ms of window").isPositive().isLessThan(exchanged * 3 / 4);
        }
    }

    @Test
    @DisplayName("fails the run on one changed byte, and says where")
    void failsOnAMismatch() throws Exception {
        FlawedServer.Flaw flipOneByte = (socket, buffer, n, before) -> {
            long target = 5L * SIZE + 17; // in the fifth request after the first exchange
            if (before <= target && target < before + n) {
                buffer[(int) (target - before)] ^= 0x20;
            }
            return true;
        };
        try (FlawedServer server = FlawedServer.echo(flipOneByte)) {
            LoadResult result = LoadGenerator.run(plan(server, 1, 2_000), WindowListener.NONE);

            assertThat(result.failure()).as("failure").isNotNull().contains("differs from what was sent at byte 17");
            assertThat(result.errors()).as("connections that failed").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("fails the run when the server resets a connection")
    void failsOnAReset() throws Exception {
        FlawedServer.Flaw resetAfterFirstExchange = (socket, buffer, n, before) -> {
            if (before >= SIZE) {
                socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
                return false;
            }
            return true;
        };
        try (FlawedServer server = FlawedServer.echo(resetAfterFirstExchange)) {
            LoadResult result = LoadGenerator.run(plan(server, 1, 2_000), WindowListener.NONE);

            assertThat(result.failure()).as("failure").isNotNull().contains("reset");
        }
    }

    @Test
    @DisplayName("fails the run when a reply does not come within the timeout")
    void failsOnATimeout() throws Exception {
        FlawedServer.Flaw silentAfterFirstExchange = FlawedServer.Flaw.silentAfterFirstExchange(SIZE);
        try (FlawedServer server = FlawedServer.echo(silentAfterFirstExchange)) {
            LoadPlan plan = plan(server, 1, 2_000).withTimeout(Duration.ofMillis(300));
            LoadResult result = LoadGenerator.run(plan, WindowListener.NONE);

            assertThat(result.failure()).as("failure").isNotNull().contains("no reply within 300 ms");
        }
    }

    @Test
    @DisplayName("cannot start against a server that is not there: the first exchange fails at once")
    void refusesAnAbsentServer() throws Exception {
        LoadPlan plan;
        try (FlawedServer server = FlawedServer.echo(FlawedServer.Flaw.NONE)) {
            plan = plan(server, 1, 100);
        }
        assertThatThrownBy(() -> LoadGenerator.run(plan, WindowListener.NONE)).isInstanceOf(IOException.class);
    }

    @Test
    @DisplayName("open loop: a 200 ms stall shows in p99, because the requests scheduled during it count their wait")
    void openLoopCountsTheWaitBehindAStall() throws Exception {
        // The first request after the first exchange waits 200 ms for its reply.
        FlawedServer.Flaw stallOnce = FlawedServer.Flaw.stallsOnceAfterFirstExchange(SIZE, 200);
        try (FlawedServer server = FlawedServer.echo(stallOnce)) {
            // One connection offering 50 requests a second: ten of them fall in the stall and are sent late.
            LoadPlan plan = plan(server, 1, 1_000).offering(50);
            LoadResult open = LoadGenerator.run(plan, WindowListener.NONE);

            assertThat(open.failure()).as("failure").isNull();
            assertThat(open.requests()).as("requests: 50 a second for 1 s, whatever the stall").isBetween(49L, 51L);
            assertThat(open.latencyAt(99)).as("open-loop p99 in µs, with a 200 ms stall").isGreaterThanOrEqualTo(200_000);
            assertThat(open.latencyAt(90)).as("open-loop p90 in µs: the requests that waited behind the stall")
                    .isGreaterThanOrEqualTo(50_000);
        }
    }

    @Test
    @DisplayName("closed loop, same stall: the wait is one request's, so p90 stays small (coordinated omission)")
    void closedLoopHidesTheStall() throws Exception {
        FlawedServer.Flaw stallOnce = FlawedServer.Flaw.stallsOnceAfterFirstExchange(SIZE, 200);
        try (FlawedServer server = FlawedServer.echo(stallOnce)) {
            LoadResult closed = LoadGenerator.run(plan(server, 1, 1_000), WindowListener.NONE);

            assertThat(closed.failure()).as("failure").isNull();
            assertThat(closed.maxLatency()).as("closed-loop max in µs: the stalled request").isGreaterThanOrEqualTo(200_000);
            assertThat(closed.latencyAt(90)).as("closed-loop p90 in µs").isLessThan(50_000);
        }
    }

    @Test
    @DisplayName("open loop: a server slower than the offered rate shows as an achieved rate below the offered one")
    void openLoopReportsTheRateAchieved() throws Exception {
        // At most 100 replies a second on one connection.
        FlawedServer.Flaw tenMillisPerReply = FlawedServer.Flaw.slow(10);
        try (FlawedServer server = FlawedServer.echo(tenMillisPerReply)) {
            LoadResult result = LoadGenerator.run(plan(server, 1, 500).offering(200), WindowListener.NONE);

            assertThat(result.failure()).as("failure").isNull();
            assertThat(result.requests()).as("requests scheduled in the window, all answered").isBetween(99L, 101L);
            assertThat(result.achievedPerSecond()).as("achieved requests/s, offered 200/s").isLessThan(150);
        }
    }
}
