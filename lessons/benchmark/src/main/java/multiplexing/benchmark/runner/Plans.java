package multiplexing.benchmark.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * What the full and the quick benchmark measure. Runs are interleaved: run 1 of every scenario and server, then run
 * 2, and so on, with the servers in an order rotated from run to run, so that a slow minute of the machine does not
 * fall on one server's runs only.
 */
final class Plans {

    static final int HEADLINE_CONNECTIONS = 100;
    static final int HEADLINE_BYTES = 1024;

    private Plans() {
    }

    /** About 9 minutes on a 2-core machine, the JMH step included (8 min 37 s on the build machine). */
    static Plan full() {
        List<ServerSpec> sweep = Servers.named("02-thread-per-connection", "04-select-style", "07-robust-echo",
                "09-virtual-threads", "10-netty-epoll");
        List<ServerSpec> sizes = Servers.named("02-thread-per-connection", "07-robust-echo", "09-virtual-threads",
                "10-netty-epoll");
        List<ServerSpec> open = Servers.named("02-thread-per-connection", "07-robust-echo", "09-virtual-threads");
        List<ServerSpec> headline = Servers.ALL.stream().filter(server -> !server.idleOnly()).toList();
        return new Plan("full", 3, 1, headline,
                List.of(Point.closed("servers", HEADLINE_CONNECTIONS, HEADLINE_BYTES, 700, 1_500)),
                sweep, connectionSweep(List.of(1, 10, 100, 1_000, 5_000), 300, 1_000),
                sizes, sizeSweep(List.of(64, 1024, 16 * 1024, 64 * 1024), 300, 1_000),
                open, openLoop(List.of(25_000, 50_000, 100_000, 150_000), 300, 1_000),
                Servers.ALL, List.of(0, 1_000, 5_000));
    }

    /** Under 2 minutes: a representative subset, one run each. */
    static Plan quick() {
        return new Plan("quick", 1, 1,
                Servers.named("02-thread-per-connection", "04-select-style", "07-robust-echo", "09-virtual-threads",
                        "10-netty-epoll", "seed-v1-python"),
                List.of(Point.closed("servers", HEADLINE_CONNECTIONS, HEADLINE_BYTES, 500, 1_000)),
                Servers.named("04-select-style", "07-robust-echo"), connectionSweep(List.of(1, 100, 1_000), 300, 700),
                Servers.named("07-robust-echo"), sizeSweep(List.of(64, 1024, 64 * 1024), 300, 700),
                Servers.named("07-robust-echo"), openLoop(List.of(25_000, 100_000), 300, 1_000),
                Servers.named("03-nonblocking-busy-loop", "07-robust-echo", "09-virtual-threads"), List.of(0, 1_000));
    }

    private static List<Point> connectionSweep(List<Integer> counts, long warmup, long measured) {
        return counts.stream().map(n -> Point.closed("connections", n, HEADLINE_BYTES, warmup, measured)).toList();
    }

    private static List<Point> sizeSweep(List<Integer> sizes, long warmup, long measured) {
        return sizes.stream().map(bytes -> Point.closed("sizes", 10, bytes, warmup, measured)).toList();
    }

    private static List<Point> openLoop(List<Integer> rates, long warmup, long measured) {
        return rates.stream().map(rate -> new Point("open-loop", HEADLINE_CONNECTIONS, HEADLINE_BYTES, rate, warmup,
                measured)).toList();
    }

    /** The scenarios, each with its servers and points; {@link #jobs} puts them in the order they run. */
    record Plan(String mode, int runs, int idleRuns, List<ServerSpec> headline, List<Point> headlinePoints,
                List<ServerSpec> sweep, List<Point> sweepPoints, List<ServerSpec> sizes, List<Point> sizePoints,
                List<ServerSpec> open, List<Point> openPoints, List<ServerSpec> idle, List<Integer> idleLevels) {

        List<Job> jobs(List<ServerSpec> available) {
            List<Job> jobs = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                for (ServerSpec server : rotate(headline, run, available)) {
                    jobs.add(Job.load(server, run, headlinePoints));
                }
                // One JVM per server for its other points: sizes and open loop first, then the growing connections.
                List<ServerSpec> others = new ArrayList<>();
                for (ServerSpec server : Servers.ALL) {
                    if (sweep.contains(server) || sizes.contains(server) || open.contains(server)) {
                        others.add(server);
                    }
                }
                for (ServerSpec server : rotate(others, run, available)) {
                    List<Point> points = new ArrayList<>();
                    if (sizes.contains(server)) {
                        points.addAll(sizePoints);
                    }
                    if (open.contains(server)) {
                        points.addAll(openPoints);
                    }
                    if (sweep.contains(server)) {
                        points.addAll(sweepPoints);
                    }
                    jobs.add(Job.load(server, run, points));
                }
                if (run <= idleRuns) {
                    for (ServerSpec server : rotate(idle, run, available)) {
                        jobs.add(Job.idle(server, run, idleLevels));
                    }
                }
            }
            return jobs;
        }

        private static List<ServerSpec> rotate(List<ServerSpec> servers, int run, List<ServerSpec> available) {
            List<ServerSpec> present = servers.stream().filter(available::contains).toList();
            if (present.isEmpty()) {
                return present;
            }
            int shift = (run - 1) % present.size();
            List<ServerSpec> rotated = new ArrayList<>(present.subList(shift, present.size()));
            rotated.addAll(present.subList(0, shift));
            return rotated;
        }
    }
}
