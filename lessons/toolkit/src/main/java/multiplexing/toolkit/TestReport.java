package multiplexing.toolkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What Maven Surefire recorded for one module: its {@code target/surefire-reports/TEST-*.xml} files added up.
 *
 * @param run      tests that ran
 * @param failed   tests that failed or ended with an error
 * @param failures the failed tests, in the order the reports list them
 */
record TestReport(int run, int failed, List<FailedTest> failures) {

    static final TestReport NONE = new TestReport(0, 0, List.of());

    /** One failed test: its class and name as the report shows them, and the first line of its failure. */
    record FailedTest(String testClass, String name, String message) {
    }

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
        List<FailedTest> failures = new ArrayList<>();
        for (Path file : files) {
            Element suite = parse(file);
            run += count(suite, "tests") - count(suite, "skipped");
            failed += count(suite, "failures") + count(suite, "errors");
            NodeList cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                Element failure = firstChild(testCase, "failure", "error");
                if (failure != null) {
                    failures.add(new FailedTest(testCase.getAttribute("classname"), testCase.getAttribute("name"),
                            failure.getAttribute("message")));
                }
            }
        }
        return new TestReport(run, failed, List.copyOf(failures));
    }

    private static Element firstChild(Element parent, String... names) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && List.of(names).contains(element.getTagName())) {
                return element;
            }
        }
        return null;
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
