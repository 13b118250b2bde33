package multiplexing.benchmark.chart;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the chapter's charts as SVG with XChart: bars for one figure per server, lines for a sweep. */
final class Charts {

    private static final int WIDTH = 820;
    private static final int HEIGHT = 420;
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private final Path folder;

    Charts(Path folder) {
        this.folder = folder;
    }

    /** One bar per server: the median run's figure. */
    void bars(String name, String title, String axis, Map<String, Double> valueByLabel) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).yAxisTitle(axis).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setYAxisDecimalPattern("#,###.#");
        chart.getStyler().setLabelsVisible(true);          // the figure on each bar: no reading off the axis
        chart.getStyler().setLabelsFont(TEXT.deriveFont(10f));
        chart.addSeries(axis, new ArrayList<>(valueByLabel.keySet()), new ArrayList<>(valueByLabel.values()));
        save(chart, name);
    }

    /** One line per server across a sweep (connections, message size), both axes logarithmic. */
    void lines(String name, String title, String xAxis, String yAxis, Map<String, List<Summary>> byServer,
               ToDoubleFunction<LoadRun> x, ToDoubleFunction<LoadRun> y) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###.#");
        for (List<Summary> points : byServer.values()) {
            double[] xs = points.stream().map(Summary::median).mapToDouble(x).toArray();
            double[] ys = points.stream().map(Summary::median).mapToDouble(y).toArray();
            chart.addSeries(points.getFirst().median().label(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, name);
    }

    /** Lines from plain numbers, for results that are not load runs (the JMH table). */
    void lines(String name, String title, String xAxis, String yAxis, Map<String, double[][]> seriesXy)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        seriesXy.forEach((series, xy) -> chart.addSeries(series, xy[0], xy[1]).setMarker(SeriesMarkers.CIRCLE));
        save(chart, name);
    }

    private static void style(AxesChartStyler styler) {
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartTitleFont(TEXT.deriveFont(Font.BOLD, 14f));
        styler.setLegendFont(TEXT);
        styler.setAxisTitleFont(TEXT);
        styler.setAxisTickLabelsFont(TEXT.deriveFont(11f));
        styler.setLegendBorderColor(Color.WHITE);
    }

    private void save(Chart<?, ?> chart, String name) throws IOException {
        // The encoder adds ".svg" itself.
        VectorGraphicsEncoder.saveVectorGraphic(chart, folder.resolve(name).toString(), VectorGraphicsFormat.SVG);
    }
}
