package multiplexing.benchmark.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import multiplexing.benchmark.jmh.SelectorCostRun;
import multiplexing.benchmark.load.LoadResult;
import multiplexing.toolkit.UsageException;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Measures every server of the course, each in a JVM of its own on its own cores, with the load generator on the
 * others, and writes the results the benchmark page draws its charts from.
 *
 * <p>{@code BenchmarkRunner [--quick] [--results DIR]}: the full run writes into docs/benchmark/results (committed),
 * the quick one into lessons/benchmark/target/quick-results, so that a quick run never changes the committed results.
 */
public final class BenchmarkRunner {

    static final String USAGE = "Usage: BenchmarkRunner [--quick] [--results DIR]   (run from the course's folder;"
            + " full: about 9 minutes, results in docs/benchmark/results; --quick: under 2 minutes, results in"
            + " lessons/benchmark/target/quick-results)";

    private final Plans.Plan plan;
    private final Path repository;
    private final ResultFiles results;
    private final Pinning pinning;
    private final PrintStream out;
    private final List<String> skipped = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private BenchmarkRunner(Plans.Plan plan, Path repository, ResultFiles results, Pinning pinning,
                            PrintStream out) {
        this.plan = plan;
        this.repository = repository;
        this.results = results;
        this.pinning = pinning;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            System.exit(run(args, System.out));
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("The benchmark stopped: " + e.getMessage() + ".");
            System.exit(1);
        }
    }

    static int run(String[] args, PrintStream out) throws UsageException, IOException, InterruptedException {
        boolean quick = false;
        Path resultsDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--results" -> {
                    if (++i >= args.length || args[i].startsWith("--")) {
                        throw new UsageException("--results needs a folder.");
                    }
                    resultsDir = Path.of(args[i]);
                }
                default -> throw new UsageException("Unknown argument '" + args[i] + "'.");
            }
        }
        Path repository = repository();
        if (resultsDir == null) {
            resultsDir = quick ? repository.resolve("lessons/benchmark/target/quick-results")
                    : repository.resolve("docs/benchmark/results");
        }
        String cpuCount = Integer.toString(Runtime.getRuntime().availableProcessors()); // before pinning narrows it
        Pinning pinning = Pinning.decide().pinThisProcess();
        Plans.Plan plan = quick ? Plans.quick() : Plans.full();
        BenchmarkRunner runner = new BenchmarkRunner(plan, repository, new ResultFiles(resultsDir), pinning, out);
        String command = "./mvnw -q compile -Pbenchmark -pl lessons/benchmark -am"
                + (args.length == 0 ? "" : " -Dbenchmark.args=\"" + String.join(" ", args) + "\"");
        runner.runAll(cpuCount, command);
        return runner.problems.isEmpty() ? 0 : 1;
    }

    /** The course's folder: here or above, where the seed text is. */
    private static Path repository() throws UsageException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SeedScript.SEED))) {
                return dir;
            }
        }
        throw new UsageException("Run the benchmark from the course's folder (where docs/course/seed is).");
    }

    private void runAll(String cpuCount, String command) throws IOException, InterruptedException {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long start = System.nanoTime();
        List<ServerSpec> available = new ArrayList<>(Servers.ALL);
        if (SeedScript.python().isEmpty()) {
            available.removeIf(ServerSpec::python);
            skipped.add("seed-v1-python: python3 is not on the PATH");
        }
        for (ServerSpec server : Servers.ALL) {
            if (!server.python() && !onClasspath(server.mainClass())) {
                available.remove(server);
                skipped.add(server.id() + ": not built here (lesson 11 is built only with JDK 22 or newer on Linux)");
            }
        }
        List<Job> jobs = plan.jobs(available);
        boolean quick = plan.mode().equals("quick");
        // The JMH step at the end: its forks, warm-ups and measurements (see SelectorCostRun).
        double estimatedTotal = jobs.stream().mapToDouble(Job::estimatedSeconds).sum()
                + SelectorCostRun.estimatedSeconds(quick);
        out.printf("Benchmark, %s mode: %d servers, %d server starts, about %s; %s; results in %s%n", plan.mode(),
                jobs.stream().map(Job::server).distinct().count(), jobs.size(), minutes(estimatedTotal), pinning.sentence(), results.dir());
        double estimatedDone = 0;
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double pace = estimatedDone == 0 ? 1 : elapsed / estimatedDone;
            out.printf("[%d/%d] %s (about %s left)%n", i + 1, jobs.size(), job.describe(),
                    minutes((estimatedTotal - estimatedDone) * pace));
            estimatedDone += job.estimatedSeconds();
            if (skipped.stream().anyMatch(note -> note.startsWith(job.server().id() + ":"))) {
                out.println("    skipped (see above)");
                continue;
            }
            runJob(job);
        }
        results.writeMedianHistograms();
        try {
            SelectorCostRun.run(results.dir(), quick, out);
        } catch (RunnerException e) {
            problems.add("JMH selector cost: " + e.getMessage());
        }
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cpu.model", Machine.cpuModel());
        machine.put("cpu.count", cpuCount);
        machine.put("memory.total", Machine.memoryTotal());
        machine.put("os", Machine.os());
        machine.put("kernel", Machine.kernel());
        machine.put("jdk", Machine.jdk());
        machine.put("pinning", pinning.sentence());
        machine.put("command", command);
        machine.put("mode", plan.mode());
        machine.put("started", started.toString());
        machine.put("wall.seconds", Long.toString(Math.round((System.nanoTime() - start) / 1e9)));
        machine.put("runs", Integer.toString(plan.runs()));
        machine.put("idle.runs", Integer.toString(plan.idleRuns()));
        machine.put("skipped", skipped.isEmpty() ? "none" : String.join("; ", skipped));
        machine.put("problems", problems.isEmpty() ? "none" : String.join("; ", problems));
        results.writeMachine(machine);
        out.printf("Done in %s; results in %s%s%n", minutes((System.nanoTime() - start) / 1e9), results.dir(),
                problems.isEmpty() ? "" : "; problems: " + String.join("; ", problems));
    }

    private static boolean onClasspath(String mainClass) {
        try {
            Class.forName(mainClass, false, BenchmarkRunner.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private void runJob(Job job) throws IOException, InterruptedException {
        ServerProcess server;
        try {
            server = ServerProcess.start(job.server(), pinning, System.getProperty("java.class.path"), repository,
                    repository.resolve("lessons/benchmark/target/servers"));
        } catch (IOException e) {
            skipped.add(job.server().id() + ": " + e.getMessage());
            out.println("    skipped from now on: " + e.getMessage());
            return;
        }
        try (server) {
            if (job.idle()) {
                runIdle(job, server);
            } else {
                for (Point point : job.points()) {
                    runPoint(job, server, point);
                }
            }
        }
    }

    private void runPoint(Job job, ServerProcess server, Point point) throws IOException, InterruptedException {
        try {
            LoadRow row = PointMeasurement.measure(server, point, job.run());
            results.add(row, point);
            LoadResult result = row.result();
            if (result.failed()) {
                problem(job, point.connections() + " connections: " + result.failure());
                return;
            }
            String cpu = row.cpuPerRequest();
            out.printf(Locale.ROOT, "    %5d x %5d B %-12s %,9.0f requests/s  p99 %,8d us  %s%n",
                    point.connections(), point.messageBytes(), point.offeredPerSecond() > 0
                            ? String.format(Locale.ROOT, "at %,.0f/s", point.offeredPerSecond()) : "closed loop",
                    result.achievedPerSecond(), result.latencyAt(99), cpu.isEmpty() ? "" : cpu + " us CPU/request");
        } catch (IOException e) {
            problem(job, point.connections() + " connections: " + e.getMessage());
        }
    }

    private void runIdle(Job job, ServerProcess server) throws IOException, InterruptedException {
        try (IdleMeasurement idle = new IdleMeasurement(server.address())) {
            for (int level : job.idleLevels()) {
                idle.openUpTo(level);
                IdleRow row = idle.measure(job.server(), server.stats(), job.run());
                results.add(row);
                out.println("    " + row.csv());
            }
        } catch (IOException e) {
            problem(job, "idle connections: " + e.getMessage());
        }
    }

    private void problem(ServerSpec server, String what) {
        problems.add(server.id() + " " + what);
        out.println("    PROBLEM: " + what);
    }

    private void problem(Job job, String what) {
        problem(job.server(), what);
    }

    private static String minutes(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s";
    }
}
