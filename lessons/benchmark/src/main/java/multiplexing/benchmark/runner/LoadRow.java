package multiplexing.benchmark.runner;

import java.util.Locale;
import java.util.OptionalLong;
import multiplexing.benchmark.load.LoadPlan;
import multiplexing.benchmark.load.LoadResult;

/** One line of load.csv: one run of one server at one load, the server measured over the same window. */
record LoadRow(String scenario, ServerSpec server, int run, LoadResult result, long serverCpuNanos,
               OptionalLong serverRssBytes, OptionalLong serverThreads) {

    static final String HEADER = "scenario,server,label,loop,connections,message_bytes,run,offered_requests_per_s,"
            + "achieved_requests_per_s,mib_per_s,p50_us,p90_us,p99_us,p999_us,max_us,requests,errors,"
            + "server_cpu_us_per_request,server_rss_mib,server_threads";

    static final long MIN_CPU_NANOS = 50_000_000;

    String csv() {
        LoadPlan plan = result.plan();
        return String.join(",", scenario, server.id(), text(server.label()), plan.openLoop() ? "open" : "closed",
                Integer.toString(plan.connections()), Integer.toString(plan.messageBytes()), Integer.toString(run),
                plan.openLoop() ? decimal(plan.offeredPerSecond(), 0) : "",
                decimal(result.achievedPerSecond(), 0), decimal(result.mibPerSecond(), 2),
                Long.toString(result.latencyAt(50)), Long.toString(result.latencyAt(90)),
                Long.toString(result.latencyAt(99)), Long.toString(result.latencyAt(99.9)),
                Long.toString(result.maxLatency()), Long.toString(result.requests()), Long.toString(result.errors()),
                cpuPerRequest(),
                serverRssBytes.isPresent() ? decimal(serverRssBytes.getAsLong() / (1024.0 * 1024.0), 1) : "",
                serverThreads.isPresent() ? Long.toString(serverThreads.getAsLong()) : "");
    }

    /** Empty when the server's CPU time is under 5 clock ticks of /proc (50 ms): too coarse to divide. */
    String cpuPerRequest() {
        return result.requests() == 0 || serverCpuNanos < MIN_CPU_NANOS ? ""
                : decimal(serverCpuNanos / 1e3 / result.requests(), 2);
    }

    /** A text field: in double quotes when it holds a comma or a quote (a legend may: "11 raw epoll, edge-triggered"). */
    static String text(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** A plain number: '.' as the decimal point, no thousands separator, whatever the locale. */
    static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }
}
