package multiplexing.benchmark.chart;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The runs of one point: the run with the median request rate stands for them (a real run, so its percentiles belong
 * together), and every figure shows how far the runs spread.
 */
record Summary(LoadRun median, List<LoadRun> runs) {

    static Summary of(List<LoadRun> runs) {
        List<LoadRun> byRate = runs.stream().sorted(Comparator.comparingDouble(LoadRun::requestsPerSecond)).toList();
        return new Summary(byRate.get((byRate.size() - 1) / 2), byRate);
    }

    /** The median run's figure, then the lowest and highest of all runs: "121,105 (100,565-139,672)". */
    String spread(ToDoubleFunction<LoadRun> metric, int decimals) {
        String median = number(metric.applyAsDouble(median()), decimals);
        if (runs.size() == 1) {
            return median;
        }
        double min = runs.stream().mapToDouble(metric).min().orElseThrow();
        double max = runs.stream().mapToDouble(metric).max().orElseThrow();
        return median + " (" + number(min, decimals) + "-" + number(max, decimals) + ")";
    }

    /** A figure as the tables print it: thousands separated, a dash where the runner could not take it. */
    static String number(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
