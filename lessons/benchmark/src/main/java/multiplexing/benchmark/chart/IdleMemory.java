package multiplexing.benchmark.chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One server's resident memory at 0, 1,000 and 5,000 idle connections, and what one more idle connection costs. */
record IdleMemory(String server, String label, Map<Integer, Results.IdleRun> byConnections) {

    /** Per server (runner's order), per idle count, the run with the median resident memory. */
    static List<IdleMemory> of(List<Results.IdleRun> runs) {
        Map<String, Map<Integer, List<Results.IdleRun>>> grouped = new LinkedHashMap<>();
        for (Results.IdleRun run : runs) {
            grouped.computeIfAbsent(run.server(), server -> new TreeMap<>())
                    .computeIfAbsent(run.idleConnections(), count -> new ArrayList<>()).add(run);
        }
        List<IdleMemory> servers = new ArrayList<>();
        grouped.forEach((server, counts) -> {
            Map<Integer, Results.IdleRun> medians = new TreeMap<>();
            counts.forEach((count, list) -> {
                List<Results.IdleRun> sorted = list.stream()
                        .sorted(Comparator.comparingDouble(Results.IdleRun::rssMib)).toList();
                medians.put(count, sorted.get((sorted.size() - 1) / 2));
            });
            servers.add(new IdleMemory(server, medians.values().iterator().next().label(), medians));
        });
        return servers;
    }

    /**
     * KiB of resident memory per idle connection: the slope between the two largest idle counts measured. The first
     * step from 0 also pays for the heap the JVM grows into while the connections open, garbage included; the last
     * step is the fairer figure. NaN with fewer than two idle counts measured.
     */
    double kibPerConnection() {
        List<Map.Entry<Integer, Results.IdleRun>> points = new ArrayList<>(byConnections.entrySet());
        if (points.size() < 2) {
            return Double.NaN;
        }
        Map.Entry<Integer, Results.IdleRun> lower = points.get(points.size() - 2);
        Map.Entry<Integer, Results.IdleRun> upper = points.getLast();
        return (upper.getValue().rssMib() - lower.getValue().rssMib()) / (upper.getKey() - lower.getKey()) * 1024;
    }
}
