package multiplexing.benchmark.jmh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link SelectorCostBenchmark} through JMH's own API, from a plain main class (JMH's forks need a real JVM with
 * this module's classpath, which {@code exec:java} does not give them), and writes {@code selector-cost.csv}.
 *
 * <p>{@code SelectorCostRun [--quick] [--results FOLDER]}
 */
public final class SelectorCostRun {

    private SelectorCostRun() {
    }

    public static void main(String[] args) throws IOException {
        boolean quick = false;
        Path results = Path.of("lessons/benchmark/target/quick-results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--results" -> {
                    if (++i == args.length) {
                        usage("--results needs a folder.");
                    }
                    results = Path.of(args[i]);
                }
                default -> usage("Unknown option: " + args[i]);
            }
        }
        try {
            run(results, quick, System.out);
        } catch (RunnerException e) {
            System.err.println("JMH could not run the selector benchmark: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Measures, prints one line per result, and writes {@code selector-cost.csv} into {@code results}. */
    public static void run(Path results, boolean quick, PrintStream progress) throws IOException, RunnerException {
        Options options = new OptionsBuilder()
                .include(SelectorCostBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))
                .verbosity(VerboseMode.SILENT)
                // Prepend, not append: options replace the annotation's jvmArgsAppend, which picks the poll selector.
                .jvmArgsPrepend(quietUnsafe())
                // A benchmark that throws (the poll fork given the wrong selector) fails the run, not silently.
                .shouldFailOnError(true)
                .build();
        progress.printf("JMH: one selectNow() with 10, 100, 1,000 idle channels, poll and %s (about %d s)%n",
                defaultName(), estimatedSeconds(quick));
        List<Row> rows = new ArrayList<>();
        Collection<RunResult> runs = new Runner(options).run();
        for (RunResult run : runs) {
            String method = run.getParams().getBenchmark();
            String provider = method.endsWith(".pollSelector") ? "poll" : defaultName();
            Result<?> score = run.getPrimaryResult();
            Row row = new Row(provider, Integer.parseInt(run.getParams().getParam("channels")), score.getScore(),
                    score.getScoreError());
            rows.add(row);
            progress.printf(Locale.ROOT, "  %-6s %,5d channels: %,10.0f ns per selectNow()%s%n",
                    row.provider(), row.channels(), row.nanos(),
                    Double.isNaN(row.error()) ? "" : String.format(Locale.ROOT, " (± %,.0f)", row.error()));
        }
        rows.sort(Comparator.comparing((Row r) -> !r.provider().equals("poll")).thenComparingInt(Row::channels));
        Files.createDirectories(results);
        StringBuilder csv = new StringBuilder("provider,channels,ns_per_select,error_ns\n");
        // JMH gives no confidence interval for fewer than three iterations (quick mode): the field stays empty.
        rows.forEach(r -> csv.append(String.format(Locale.ROOT, "%s,%d,%.1f,%s%n", r.provider(), r.channels(),
                r.nanos(), Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, "%.1f", r.error()))));
        Files.writeString(results.resolve("selector-cost.csv"), csv);
    }

    /**
     * JMH 1.37 reads fields through {@code sun.misc.Unsafe}, which JDK 24+ warns about in every fork; JDK 23 added
     * the option that allows it quietly, and older JDKs refuse the option, so it is passed only where it exists.
     */
    static String[] quietUnsafe() {
        return Runtime.version().feature() >= 23
                ? new String[] {"--sun-misc-unsafe-memory-access=allow"}
                : new String[0];
    }

    /** Six forks (two selectors, three channel counts), each about a second to start plus its iterations. */
    public static int estimatedSeconds(boolean quick) {
        return quick ? 25 : 55;
    }

    /** "epoll" on Linux, "kqueue" on macOS: the default provider's class name without its suffix. */
    static String defaultName() {
        return SelectorProvider.provider().getClass().getSimpleName().replace("SelectorProvider", "")
                .toLowerCase(Locale.ROOT);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("Usage: SelectorCostRun [--quick] [--results FOLDER]");
        System.exit(2);
    }

    private record Row(String provider, int channels, double nanos, double error) {
    }
}
