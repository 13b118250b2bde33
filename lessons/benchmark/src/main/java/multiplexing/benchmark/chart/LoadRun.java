package multiplexing.benchmark.chart;

import java.util.Map;

/** One measured run of load.csv: one server under one load, as the runner wrote it. */
record LoadRun(String scenario, String server, String label, String loop, int connections, int messageBytes,
               int run, double offeredPerSecond, double requestsPerSecond, double mibPerSecond, double p50Micros,
               double p90Micros, double p99Micros, double p999Micros, double maxMicros, long requests, long errors,
               double cpuMicrosPerRequest, double rssMib, int threads) {

    static LoadRun of(Map<String, String> r) {
        return new LoadRun(r.get("scenario"), r.get("server"), r.get("label"), r.get("loop"),
                integer(r, "connections"), integer(r, "message_bytes"), integer(r, "run"),
                decimal(r, "offered_requests_per_s"), decimal(r, "achieved_requests_per_s"), decimal(r, "mib_per_s"),
                decimal(r, "p50_us"), decimal(r, "p90_us"), decimal(r, "p99_us"), decimal(r, "p999_us"),
                decimal(r, "max_us"), (long) decimal(r, "requests"), (long) decimal(r, "errors"),
                decimal(r, "server_cpu_us_per_request"), decimal(r, "server_rss_mib"), integer(r, "server_threads"));
    }

    /** The load this run measured: runs with the same point are repetitions of each other. */
    Point point() {
        return new Point(scenario, server, loop, connections, messageBytes, offeredPerSecond);
    }

    record Point(String scenario, String server, String loop, int connections, int messageBytes,
                 double offeredPerSecond) {
    }

    /** An empty field (the offered rate of a closed loop, a figure the runner could not take) reads as NaN. */
    static double decimal(Map<String, String> record, String column) {
        String value = record.get(column);
        if (value == null) {
            throw new IllegalArgumentException("no column " + column);
        }
        return value.isBlank() ? Double.NaN : Double.parseDouble(value.strip());
    }

    static int integer(Map<String, String> record, String column) {
        double value = decimal(record, column);
        return Double.isNaN(value) ? 0 : (int) value;
    }
}
