package multiplexing.benchmark.runner;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import multiplexing.benchmark.load.LoadGenerator;
import multiplexing.benchmark.load.LoadPlan;
import multiplexing.benchmark.load.LoadResult;
import multiplexing.benchmark.load.ProcessStats;
import multiplexing.benchmark.load.WindowListener;

/** One load point against a running server, the server measured from outside over the load's measured window. */
final class PointMeasurement implements WindowListener {

    private final ProcessStats stats;
    private long cpuBefore;
    private long cpuDuring;
    private OptionalLong rss = OptionalLong.empty();
    private OptionalLong threads = OptionalLong.empty();

    private PointMeasurement(ProcessStats stats) {
        this.stats = stats;
    }

    static LoadRow measure(ServerProcess server, Point point, int run) throws IOException, InterruptedException {
        LoadPlan plan = new LoadPlan(server.address(), point.connections(), point.messageBytes(),
                Duration.ofMillis(point.warmupMillis()), Duration.ofMillis(point.measuredMillis()),
                server.spec().uppercase(), point.offeredPerSecond(), Duration.ofSeconds(5));
        PointMeasurement measurement = new PointMeasurement(server.stats());
        LoadResult result = LoadGenerator.run(plan, measurement);
        return new LoadRow(point.scenario(), server.spec(), run, result, measurement.cpuDuring, measurement.rss,
                measurement.threads);
    }

    @Override
    public void opened() {
        cpuBefore = stats.cpuNanos();
    }

    @Override
    public void closed() {
        cpuDuring = stats.cpuNanos() - cpuBefore;
        rss = stats.residentBytes();
        threads = stats.threads();
    }
}
