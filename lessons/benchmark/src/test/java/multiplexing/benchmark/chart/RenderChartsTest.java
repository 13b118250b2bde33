package multiplexing.benchmark.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RenderChartsTest {

    private static final List<String> CHARTS = List.of("requests-by-server", "cpu-per-request", "p99-by-connections",
            "throughput-by-size", "memory-per-idle-connection", "selector-cost");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    @DisplayName("every chart drawn from the fixture is a well-formed SVG document")
    void chartsAreSvg(@TempDir Path out) throws Exception {
        RenderCharts.render(fixture(), out.resolve("charts"), out.resolve("partials"));
        for (String chart : CHARTS) {
            Path svg = out.resolve("charts").resolve(chart + ".svg");
            assertThat(svg).as(chart).exists();
            assertThat(parse(svg).getDocumentElement().getTagName()).as(chart).isEqualTo("svg");
        }
    }

    @Test
    @DisplayName("the same results give byte-identical charts and tables (the docs build is reproducible)")
    void reproducible(@TempDir Path first, @TempDir Path second) throws IOException, URISyntaxException {
        RenderCharts.render(fixture(), first, first);
        RenderCharts.render(fixture(), second, second);
        try (var files = Files.list(first)) {
            for (Path file : files.toList()) {
                assertThat(Files.mismatch(file, second.resolve(file.getFileName()))).as(file.getFileName().toString())
                        .isEqualTo(-1L);
            }
        }
    }

    @Test
    @DisplayName("a table shows the median run with the lowest and highest of its runs, labels with commas intact")
    void tableShowsMedianAndSpread(@TempDir Path out) throws Exception {
        RenderCharts.render(fixture(), out, out);
        String table = Files.readString(out.resolve("requests-by-server.adoc"));
        assertThat(table)
                .contains("image::charts/requests-by-server.svg[")
                .contains("| 07 one selector | 110,000 (100,000-120,000)")
                .contains("| 09 virtual threads, one per client | 130,000 |")
                .contains("its 3 runs");
    }

    @Test
    @DisplayName("memory per idle connection is the slope between the two largest idle counts: 8 MiB per 4,000 is 2.0 KiB")
    void idleSlope(@TempDir Path out) throws Exception {
        RenderCharts.render(fixture(), out, out);
        // 07: 50, 52, 60 MiB at 0, 1,000, 5,000: (60 - 52) / 4,000 MiB = 2.0 KiB; 02: 100 MiB per 1,000: 102.4 KiB.
        assertThat(Files.readString(out.resolve("memory-per-idle-connection.adoc")))
                .contains("| 07 one selector | 50.0 | 52.0 | 60.0 | 2.0 | 14 | 0.2")
                .contains("| 02 a thread per client | 50.0 | 150.0 | - | 102.4 | 1,014 | 0.3");
    }

    @Test
    @DisplayName("a results folder without a figure's file gives a sentence, not a broken include or image")
    void missingResults(@TempDir Path empty, @TempDir Path out) throws IOException {
        RenderCharts.render(empty, out.resolve("charts"), out);
        assertThat(Files.readString(out.resolve("open-loop.adoc"))).startsWith("No results for this figure");
        assertThat(out.resolve("charts")).isEmptyDirectory();
    }

    @Test
    @DisplayName("the selector-cost table puts poll and epoll side by side for each channel count")
    void selectorCostTable(@TempDir Path out) throws Exception {
        RenderCharts.render(fixture(), out, out);
        assertThat(Files.readString(out.resolve("selector-cost.adoc")))
                .contains("| 1,000 | 40,000 ± 800 | 310 ± 12");
    }

    private static Document parse(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The SVG names its DTD by URL: never fetch it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(svg.toFile());
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(RenderChartsTest.class.getResource("/chart-fixture/load.csv").toURI()).getParent();
    }
}
