package multiplexing.benchmark.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws the benchmark chapter's charts and tables from committed results; the docs build runs it before rendering the
 * pages, so the chapter always shows exactly the results in the repository. The same input gives the same files.
 *
 * <p>{@code RenderCharts RESULTS_FOLDER CHART_FOLDER PARTIALS_FOLDER}
 */
public final class RenderCharts {

    private RenderCharts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("Usage: RenderCharts RESULTS_FOLDER CHART_FOLDER PARTIALS_FOLDER");
            System.exit(2);
            return;
        }
        // No display needed: the charts are drawn into SVG, never onto a screen.
        System.setProperty("java.awt.headless", "true");
        render(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    }

    static void render(Path results, Path charts, Path partials) throws IOException {
        Files.createDirectories(charts);
        Files.createDirectories(partials);
        new Figures(Results.readFrom(results), charts, partials).writeAll();
    }
}
