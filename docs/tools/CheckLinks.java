import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks every link between the rendered pages of the course: the page must exist and, for page.html#id, so must
 * the id; and every local image a page shows (diagrams, the benchmark charts) must exist. Asciidoctor checks includes
 * and attributes, but not cross-page xrefs or image files, and pages written apart from each other link to each
 * other's sections. Run by the docs module at verify: java CheckLinks.java DIR
 */
public class CheckLinks {

    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]+)\"");
    private static final Pattern LOCAL_HREF = Pattern.compile("href=\"([^\":/?]*\\.html)?(?:#([^\"]*))?\"");
    private static final Pattern LOCAL_IMAGE = Pattern.compile("<img src=\"([^\":?#]+)\"");

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Map<String, Set<String>> idsByPage = new HashMap<>();
        List<Path> pages;
        try (Stream<Path> files = Files.list(dir)) {
            pages = files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
        }
        for (Path page : pages) {
            idsByPage.put(page.getFileName().toString(), ID.matcher(Files.readString(page)).results()
                    .map(m -> m.group(1)).collect(Collectors.toSet()));
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            String from = page.getFileName().toString();
            String html = Files.readString(page);
            Matcher image = LOCAL_IMAGE.matcher(html);
            while (image.find()) {
                checked++;
                if (!Files.isRegularFile(dir.resolve(image.group(1)))) {
                    broken.add(from + " shows the image " + image.group(1) + ", which does not exist");
                }
            }
            Matcher link = LOCAL_HREF.matcher(html);
            while (link.find()) {
                String target = link.group(1) == null ? from : link.group(1);
                String anchor = link.group(2);
                checked++;
                Set<String> ids = idsByPage.get(target);
                if (ids == null) {
                    broken.add(from + " links to " + target + ", which does not exist");
                } else if (anchor != null && !anchor.isEmpty() && !ids.contains(anchor)) {
                    broken.add(from + " links to " + target + "#" + anchor + ", but that page has no such id");
                }
            }
        }
        broken.stream().distinct().forEach(problem -> System.err.println("Broken link: " + problem));
        if (!broken.isEmpty()) {
            System.exit(1);
        }
        System.out.println("Links checked: " + checked + " in " + pages.size() + " pages, none broken.");
    }
}
