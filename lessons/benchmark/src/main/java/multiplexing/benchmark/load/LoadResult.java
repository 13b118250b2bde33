package multiplexing.benchmark.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured over its window: requests whose send time (closed loop) or intended send time (open loop)
 * fell in the window, their latencies in microseconds, the bytes counted both ways over the whole run, and the first
 * failure, if any.
 *
 * @param failure why the run stopped early (a mismatched byte, a reset, a timeout); null when it did not
 * @param errors connections that failed
 * @param spanNanos from the start of the window to its end, or to the last reply counted if that came later (an open
 *                  loop offering more than the server can do gets the window's replies after the window)
 */
public record LoadResult(LoadPlan plan, long requests, long errors, String failure, long spanNanos,
                         long bytesSent, long bytesReceived, Histogram latencyMicros) {

    public boolean failed() {
        return failure != null;
    }

    public double achievedPerSecond() {
        return requests * 1e9 / spanNanos;
    }

    /** Mebibytes per second each way (the reply is as long as the request). */
    public double mibPerSecond() {
        return achievedPerSecond() * plan.messageBytes() / (1024.0 * 1024.0);
    }

    /** The latency at {@code percentile} (0 to 100), in microseconds; 0 without requests. */
    public long latencyAt(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile);
    }

    public long maxLatency() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue();
    }

    /** HdrHistogram's percentile distribution, the .hgrm text its plotter reads; values in microseconds. */
    public String percentileDistribution() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            latencyMicros.outputPercentileDistribution(out, 1.0);
        }
        return text.toString(StandardCharsets.UTF_8);
    }
}
