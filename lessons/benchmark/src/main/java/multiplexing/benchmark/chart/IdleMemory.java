package multiplexing.benchmark.chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One server's resident memory at 0, 1,000 and 5,000 idle connections, and what one more idle connection costs: the
 * slope of a straight line through those points (least squares), so no single reading decides it.
 */
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

    /** KiB of resident memory per idle connection; NaN with fewer than two idle counts measured. */
    double kibPerConnection() {
        int n = byConnections.size();
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = byConnections.keySet().stream().mapToDouble(Integer::doubleValue).average().orElseThrow();
        double meanY = byConnections.values().stream().mapToDouble(Results.IdleRun::rssMib).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Map.Entry<Integer, Results.IdleRun> point : byConnections.entrySet()) {
            double dx = point.getKey() - meanX;
            covariance += dx * (point.getValue().rssMib() - meanY);
            variance += dx * dx;
        }
        return covariance / variance * 1024;
    }
}
