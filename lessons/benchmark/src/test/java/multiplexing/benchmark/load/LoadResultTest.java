package multiplexing.benchmark.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(5)
class LoadResultTest {

    private static final LoadPlan PLAN = LoadPlan.closedLoop(new InetSocketAddress("127.0.0.1", 9), 10, 1024,
            Duration.ZERO, Duration.ofSeconds(2));

    /** Latencies 1, 2, ..., 10,000 µs, once each: the p-th percentile is p * 100 µs. */
    private static Histogram uniform() {
        Histogram histogram = new Histogram(3);
        for (int micros = 1; micros <= 10_000; micros++) {
            histogram.recordValue(micros);
        }
        return histogram;
    }

    @Test
    @DisplayName("percentiles of a known distribution: p50, p90, p99, p99.9 and max of 1..10,000 µs")
    void percentilesOfAKnownDistribution() {
        LoadResult result = new LoadResult(PLAN, 10_000, 0, null, 2_000_000_000L, 0, 0, uniform());

        // HdrHistogram with 3 significant digits: each value within 0.1 % of the exact one.
        assertThat(result.latencyAt(50)).as("p50").isCloseTo(5_000L, within(5L));
        assertThat(result.latencyAt(90)).as("p90").isCloseTo(9_000L, within(9L));
        assertThat(result.latencyAt(99)).as("p99").isCloseTo(9_900L, within(10L));
        assertThat(result.latencyAt(99.9)).as("p99.9").isCloseTo(9_990L, within(10L));
        assertThat(result.maxLatency()).as("max").isCloseTo(10_000L, within(10L));
    }

    @Test
    @DisplayName("rates: requests over the window, and MiB/s from the message size")
    void rates() {
        LoadResult result = new LoadResult(PLAN, 10_000, 0, null, 2_000_000_000L, 0, 0, uniform());

        assertThat(result.achievedPerSecond()).as("requests/s").isCloseTo(5_000.0, within(1e-9));
        assertThat(result.mibPerSecond()).as("MiB/s of 1 KiB messages").isCloseTo(5_000.0 / 1024, within(1e-9));
    }

    @Test
    @DisplayName("the .hgrm text is HdrHistogram's percentile distribution, in µs")
    void percentileDistribution() {
        String hgrm = new LoadResult(PLAN, 10_000, 0, null, 2_000_000_000L, 0, 0, uniform()).percentileDistribution();

        assertThat(hgrm).startsWith("       Value     Percentile TotalCount 1/(1-Percentile)");
        assertThat(hgrm).containsPattern("#\\[Max     = +100\\d\\d\\.000, Total count    = +10000]");
    }

    @Test
    @DisplayName("a run without requests reports zero latencies, not an exception")
    void noRequests() {
        LoadResult result = new LoadResult(PLAN, 0, 1, "refused", 2_000_000_000L, 0, 0, new Histogram(3));

        assertThat(result.latencyAt(99)).isZero();
        assertThat(result.maxLatency()).isZero();
        assertThat(result.failed()).isTrue();
    }
}
