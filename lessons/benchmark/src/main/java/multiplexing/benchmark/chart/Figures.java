package multiplexing.benchmark.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each result of the chapter as one AsciiDoc partial: the chart (an SVG drawn beside it) and the table of the same
 * figures. The page includes the partial, so a figure without results says so instead of breaking the build.
 */
final class Figures {

    /** Where the page finds the charts, relative to the rendered page. */
    static final String CHART_FOLDER = "charts";

    private final Results results;
    private final Charts charts;
    private final Path partials;

    Figures(Results results, Path chartFolder, Path partials) {
        this.results = results;
        this.charts = new Charts(chartFolder);
        this.partials = partials;
    }

    void writeAll() throws IOException {
        requestsByServer();
        cpuPerRequest();
        p99ByConnections();
        throughputBySize();
        memoryPerIdleConnection();
        openLoop();
        selectorCost();
        machine();
    }

    private void requestsByServer() throws IOException {
        Map<LoadRun.Point, Summary> servers = results.summaries("servers");
        AsciiDocTable table = new AsciiDocTable("3,>3,>2,>2,>2,>2,>2",
                "Server", "Requests/s", "MiB/s", "p50 µs", "p99 µs", "p99.9 µs", "max µs");
        Map<String, Double> bars = new LinkedHashMap<>();
        servers.values().forEach(s -> {
            bars.put(s.median().label(), s.median().requestsPerSecond());
            table.row(s.median().label(), s.spread(LoadRun::requestsPerSecond, 0), s.spread(LoadRun::mibPerSecond, 1),
                    s.spread(LoadRun::p50Micros, 0), s.spread(LoadRun::p99Micros, 0),
                    s.spread(LoadRun::p999Micros, 0), s.spread(LoadRun::maxMicros, 0));
        });
        String load = servers.isEmpty() ? "" : ", " + loadOf(servers.values().iterator().next().median());
        if (!bars.isEmpty()) {
            charts.bars("requests-by-server", "Requests per second" + load, "requests/s", bars);
        }
        write("requests-by-server", "Requests per second by server", table, spreadNote(servers));
    }

    private void cpuPerRequest() throws IOException {
        Map<LoadRun.Point, Summary> servers = results.summaries("servers");
        AsciiDocTable table = new AsciiDocTable("3,>3,>3,>2,>2",
                "Server", "Server CPU µs per request", "Requests/s", "Resident MiB", "Threads");
        Map<String, Double> bars = new LinkedHashMap<>();
        servers.values().forEach(s -> {
            bars.put(s.median().label(), s.median().cpuMicrosPerRequest());
            table.row(s.median().label(), s.spread(LoadRun::cpuMicrosPerRequest, 1),
                    s.spread(LoadRun::requestsPerSecond, 0), s.spread(LoadRun::rssMib, 0),
                    s.spread(LoadRun::threads, 0));
        });
        if (!bars.isEmpty()) {
            charts.bars("cpu-per-request", "Server CPU time per request (lower is better)", "µs per request", bars);
        }
        write("cpu-per-request", "Server CPU time per request", table, spreadNote(servers));
    }

    private void p99ByConnections() throws IOException {
        Map<String, List<Summary>> byServer = results.byServer("connections");
        AsciiDocTable table = new AsciiDocTable("3,>2,>3,>2,>2,>2",
                "Server", "Connections", "Requests/s", "p50 µs", "p99 µs", "p99.9 µs");
        byServer.values().forEach(points -> points.forEach(s -> table.row(s.median().label(),
                Summary.number(s.median().connections(), 0), s.spread(LoadRun::requestsPerSecond, 0),
                s.spread(LoadRun::p50Micros, 0), s.spread(LoadRun::p99Micros, 0),
                s.spread(LoadRun::p999Micros, 0))));
        if (!byServer.isEmpty()) {
            charts.lines("p99-by-connections", "p99 latency by number of connections (lower is better)",
                    "connections", "p99 latency, µs", byServer, LoadRun::connections, LoadRun::p99Micros);
        }
        write("p99-by-connections", "p99 latency by number of connections", table,
                spreadNote(results.summaries("connections")));
    }

    private void throughputBySize() throws IOException {
        Map<String, List<Summary>> byServer = results.byServer("sizes");
        AsciiDocTable table = new AsciiDocTable("3,>2,>3,>3,>2",
                "Server", "Message", "MiB/s", "Requests/s", "p99 µs");
        byServer.values().forEach(points -> points.forEach(s -> table.row(s.median().label(),
                bytes(s.median().messageBytes()), s.spread(LoadRun::mibPerSecond, 1),
                s.spread(LoadRun::requestsPerSecond, 0), s.spread(LoadRun::p99Micros, 0))));
        if (!byServer.isEmpty()) {
            charts.lines("throughput-by-size", "Throughput by message size", "message size, bytes", "MiB/s",
                    byServer, LoadRun::messageBytes, LoadRun::mibPerSecond);
        }
        write("throughput-by-size", "Throughput by message size", table, spreadNote(results.summaries("sizes")));
    }

    private void memoryPerIdleConnection() throws IOException {
        List<IdleMemory> servers = IdleMemory.of(results.idle());
        TreeMap<Integer, Boolean> counts = new TreeMap<>();
        servers.forEach(server -> server.byConnections().keySet().forEach(count -> counts.put(count, true)));
        StringBuilder columns = new StringBuilder("3");
        List<String> header = new java.util.ArrayList<>(List.of("Server"));
        counts.keySet().forEach(count -> {
            columns.append(",>2");
            header.add("Resident MiB, " + Summary.number(count, 0) + " idle");
        });
        columns.append(",>2,>2,>2");
        header.addAll(List.of("KiB per idle connection", "Threads at the most", "CPU while idle, ms/s"));
        AsciiDocTable table = new AsciiDocTable(columns.toString(), header.toArray(String[]::new));
        Map<String, Double> bars = new LinkedHashMap<>();
        for (IdleMemory server : servers) {
            bars.put(server.label(), server.kibPerConnection());
            List<String> row = new java.util.ArrayList<>(List.of(server.label()));
            counts.keySet().forEach(count -> {
                Results.IdleRun run = server.byConnections().get(count);
                row.add(run == null ? "-" : Summary.number(run.rssMib(), 1));
            });
            Results.IdleRun most = server.byConnections().values().stream().reduce((a, b) -> b).orElseThrow();
            row.add(Summary.number(server.kibPerConnection(), 1));
            row.add(Summary.number(most.threads(), 0));
            row.add(Summary.number(most.cpuMillisPerSecond(), 1));
            table.row(row.toArray(String[]::new));
        }
        bars.values().removeIf(value -> value.isNaN());
        if (!bars.isEmpty()) {
            charts.bars("memory-per-idle-connection", "Resident memory per idle connection (lower is better)",
                    "KiB per connection", bars);
        }
        write("memory-per-idle-connection", "Memory per idle connection", table,
                "Resident memory is the median of the runs at each count. KiB per idle connection is the slope between"
                        + " the two largest counts: the first step also pays for the heap the JVM grows into while"
                        + " the connections open.");
    }

    private void openLoop() throws IOException {
        Map<LoadRun.Point, Summary> points = results.summaries("open-loop");
        AsciiDocTable table = new AsciiDocTable("3,>2,>3,>3,>2,>2,>2,>2",
                "Server", "Connections", "Offered requests/s", "Achieved requests/s", "p50 µs", "p99 µs",
                "p99.9 µs", "max µs");
        points.values().forEach(s -> table.row(s.median().label(), Summary.number(s.median().connections(), 0),
                Summary.number(s.median().offeredPerSecond(), 0), s.spread(LoadRun::requestsPerSecond, 0),
                s.spread(LoadRun::p50Micros, 0), s.spread(LoadRun::p99Micros, 0),
                s.spread(LoadRun::p999Micros, 0), s.spread(LoadRun::maxMicros, 0)));
        write("open-loop", null, table, spreadNote(points));
    }

    private void selectorCost() throws IOException {
        Map<Integer, Map<String, Results.SelectorCost>> byChannels = new TreeMap<>();
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Results.SelectorCost cost : results.selectorCost()) {
            byChannels.computeIfAbsent(cost.channels(), n -> new LinkedHashMap<>()).put(cost.provider(), cost);
        }
        List<String> providers = results.selectorCost().stream().map(Results.SelectorCost::provider)
                .distinct().toList();
        AsciiDocTable table = new AsciiDocTable("2" + ",>3".repeat(providers.size()),
                java.util.stream.Stream.concat(java.util.stream.Stream.of("Idle channels registered"),
                        providers.stream().map(p -> p + ": ns per selectNow()")).toArray(String[]::new));
        byChannels.forEach((channels, costs) -> {
            List<String> row = new java.util.ArrayList<>(List.of(Summary.number(channels, 0)));
            providers.forEach(p -> {
                Results.SelectorCost cost = costs.get(p);
                row.add(cost == null ? "-" : Summary.number(cost.nanosPerSelect(), 0)
                        + (Double.isNaN(cost.errorNanos()) ? "" : " ± " + Summary.number(cost.errorNanos(), 0)));
            });
            table.row(row.toArray(String[]::new));
        });
        for (String provider : providers) {
            List<Results.SelectorCost> costs = results.selectorCost().stream()
                    .filter(c -> c.provider().equals(provider)).toList();
            series.put(provider, new double[][] {
                    costs.stream().mapToDouble(Results.SelectorCost::channels).toArray(),
                    costs.stream().mapToDouble(Results.SelectorCost::nanosPerSelect).toArray()});
        }
        if (!series.isEmpty()) {
            charts.lines("selector-cost", "One selectNow() with N idle channels registered (JMH, lower is better)",
                    "idle channels registered", "ns per selectNow()", series);
        }
        write("selector-cost", "Cost of one selectNow()", table,
                "JMH's average time per call, ± its 99.9% confidence interval over the measured iterations of one fork"
                        + " (a quick run's two iterations give none).");
    }

    private void machine() throws IOException {
        StringBuilder out = new StringBuilder();
        if (results.machine().isEmpty()) {
            out.append("No machine description in the results folder.\n");
        }
        for (String key : List.of("cpu.model", "cpu.count", "memory.total", "os", "kernel", "jdk", "pinning",
                "mode", "runs", "started", "wall.seconds", "command")) {
            String value = results.machine().getProperty(key);
            if (value != null) {
                out.append(key).append(":: ").append(key.equals("command") ? "`" + value + "`" : value).append('\n');
            }
        }
        Files.writeString(partials.resolve("machine.adoc"), out.toString());
    }

    /** The partial: the chart (when there is one), then the table, or one sentence when nothing was measured. */
    private void write(String name, String chartTitle, AsciiDocTable table, String note) throws IOException {
        StringBuilder out = new StringBuilder();
        if (table.isEmpty()) {
            out.append("No results for this figure in the results folder.\n");
        } else {
            if (chartTitle != null) {
                out.append("image::").append(CHART_FOLDER).append('/').append(name).append(".svg[\"")
                        .append(chartTitle).append("\",role=chart]\n\n");
            }
            out.append(table.render()).append('\n').append(note).append('\n');
        }
        Files.writeString(partials.resolve(name + ".adoc"), out.toString());
    }

    private String spreadNote(Map<LoadRun.Point, Summary> points) {
        int runs = points.values().stream().mapToInt(s -> s.runs().size()).max().orElse(1);
        return runs == 1
                ? "One run per point."
                : "Each figure is the run with the median request rate, and in brackets the lowest and the highest of"
                        + " its " + runs + " runs.";
    }

    static String loadOf(LoadRun run) {
        return Summary.number(run.connections(), 0) + " connections × " + bytes(run.messageBytes());
    }

    static String bytes(int size) {
        return size >= 1024 && size % 1024 == 0 ? size / 1024 + " KiB" : size + " B";
    }
}
