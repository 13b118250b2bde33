package multiplexing.benchmark.chart;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What one run of the benchmark left in its results folder, read back for the charts and tables. */
record Results(Properties machine, List<LoadRun> load, List<IdleRun> idle, List<SelectorCost> selectorCost) {

    static Results readFrom(Path folder) throws IOException {
        Properties machine = new Properties();
        Path properties = folder.resolve("machine.properties");
        if (Files.exists(properties)) {
            try (Reader in = Files.newBufferedReader(properties)) {
                machine.load(in);
            }
        }
        return new Results(machine,
                Csv.read(folder.resolve("load.csv")).stream().map(LoadRun::of).toList(),
                Csv.read(folder.resolve("idle.csv")).stream().map(IdleRun::of).toList(),
                Csv.read(folder.resolve("selector-cost.csv")).stream().map(SelectorCost::of).toList());
    }

    /** The points of one scenario, each summarised over its runs, in the order the runner first measured them. */
    Map<LoadRun.Point, Summary> summaries(String scenario) {
        Map<LoadRun.Point, List<LoadRun>> runs = new LinkedHashMap<>();
        for (LoadRun run : load) {
            if (run.scenario().equals(scenario)) {
                runs.computeIfAbsent(run.point(), point -> new ArrayList<>()).add(run);
            }
        }
        Map<LoadRun.Point, Summary> summaries = new LinkedHashMap<>();
        runs.forEach((point, list) -> summaries.put(point, Summary.of(list)));
        return summaries;
    }

    /** The servers of one scenario, each with its summaries, in the runner's order. */
    Map<String, List<Summary>> byServer(String scenario) {
        Map<String, List<Summary>> servers = new LinkedHashMap<>();
        summaries(scenario).forEach((point, summary) ->
                servers.computeIfAbsent(point.server(), server -> new ArrayList<>()).add(summary));
        return servers;
    }

    /** One run of idle.csv: a server holding some idle connections, measured from outside. */
    record IdleRun(String server, String label, int idleConnections, int run, double rssMib, int threads,
                   double cpuMillisPerSecond) {

        static IdleRun of(Map<String, String> r) {
            return new IdleRun(r.get("server"), r.get("label"), LoadRun.integer(r, "idle_connections"),
                    LoadRun.integer(r, "run"), LoadRun.decimal(r, "server_rss_mib"),
                    LoadRun.integer(r, "server_threads"), LoadRun.decimal(r, "server_cpu_ms_per_s"));
        }
    }

    /** One row of selector-cost.csv: JMH's average time of one selectNow() with N idle channels registered. */
    record SelectorCost(String provider, int channels, double nanosPerSelect, double errorNanos) {

        static SelectorCost of(Map<String, String> r) {
            return new SelectorCost(r.get("provider"), LoadRun.integer(r, "channels"),
                    LoadRun.decimal(r, "ns_per_select"), LoadRun.decimal(r, "error_ns"));
        }
    }
}
