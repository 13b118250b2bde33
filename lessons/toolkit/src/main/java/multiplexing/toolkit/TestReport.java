package multiplexing.toolkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * What Maven Surefire recorded for one module: its {@code target/surefire-reports/TEST-*.xml} files added up.
 *
 * @param run    tests that ran
 * @param failed tests that failed or ended with an error
 */
record TestReport(int run, int failed) {

    static final TestReport NONE = new TestReport(0, 0);

    int passed() {
        return run - failed;
    }

    /** Reads the reports of the module at {@code moduleDir}; {@link #NONE} when its tests have not run. */
    static TestReport of(Path moduleDir) throws IOException {
        Path reports = moduleDir.resolve("target/surefire-reports");
        if (!Files.isDirectory(reports)) {
            return NONE;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(reports)) {
            files = listing.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        }
        int run = 0;
        int failed = 0;
        for (Path file : files) {
            Element suite = parse(file);
            run += count(suite, "tests") - count(suite, "skipped");
            failed += count(suite, "failures") + count(suite, "errors");
        }
        return new TestReport(run, failed);
    }

    private static Element parse(Path file) throws IOException {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("unreadable test report " + file + ": " + e.getMessage(), e);
        }
    }

    private static int count(Element suite, String attribute) {
        String value = suite.getAttribute(attribute);
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }
}
