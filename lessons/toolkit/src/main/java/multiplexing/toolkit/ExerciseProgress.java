package multiplexing.toolkit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints, for every lesson, how many of its tests your code in {@code lessons/} passes, from the reports the last
 * {@code ./mvnw test -Pprogress} left behind.
 *
 * <p>With {@code --verify-exercises} it is the course's own consistency check, run by CI: every skeleton runs tests
 * and fails at least one (no exercise is solved already, no test is vacuous), and every solution runs the same
 * tests and passes them all.
 */
public final class ExerciseProgress {

    /** How a skeleton's TODO names the section that explains it, as written in Java source. */
    private static final Pattern TODO_SECTION = Pattern.compile("section \\\\\"([^\\\\\"]+)\\\\\"");

    private ExerciseProgress() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args.length == 2 ? args[1] : "--print";
        if (args.length < 1 || args.length > 2 || !(mode.equals("--print") || mode.equals("--verify-exercises"))) {
            System.err.println("Usage: ExerciseProgress COURSE_DIR [--print | --verify-exercises]");
            System.exit(2);
        }
        boolean verify = mode.equals("--verify-exercises");
        Path course = Path.of(args[0]);
        int status = verify ? verifyExercises(course, System.out) : printProgress(course, System.out);
        System.exit(status);
    }

    static int printProgress(Path course, PrintStream out) throws IOException {
        out.println();
        out.println("Exercise progress (your code in lessons/):");
        int done = 0;
        String next = null;
        List<String> lessons = lessonSlugs(course);
        for (String slug : lessons) {
            TestReport report = TestReport.of(course.resolve("lessons").resolve(slug));
            String state;
            if (report.run() == 0) {
                state = "not run";
            } else if (report.failed() == 0) {
                state = "DONE";
                done++;
            } else {
                state = report.passed() == 0 ? "to do" : "in progress";
            }
            if (next == null && !state.equals("DONE")) {
                next = slug;
            }
            out.printf("  %-28s %3d of %3d tests pass   %s%n", slug, report.passed(), report.run(), state);
        }
        out.printf("%d of %d lessons done.%n", done, lessons.size());
        if (next != null) {
            out.println("Next: " + next + ". Check it alone with: ./mvnw test -Pexercise -pl lessons/" + next + " -am");
        }
        return 0;
    }

    static int verifyExercises(Path course, PrintStream out) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String slug : lessonSlugs(course)) {
            TestReport exercise = TestReport.of(course.resolve("lessons").resolve(slug));
            TestReport solution = TestReport.of(course.resolve("solutions").resolve(slug));
            if (exercise.run() == 0) {
                problems.add("lessons/" + slug + " ran no tests.");
            } else if (exercise.failed() == 0) {
                problems.add("lessons/" + slug + " passes all its tests: the exercise is already solved,"
                        + " or its tests cannot fail.");
            }
            if (solution.run() == 0) {
                problems.add("solutions/" + slug + " ran no tests.");
            } else if (solution.failed() > 0) {
                problems.add("solutions/" + slug + " fails " + solution.failed() + " of its tests.");
            }
            if (solution.run() != exercise.run()) {
                problems.add("lessons/" + slug + " ran " + exercise.run() + " tests but solutions/" + slug
                        + " ran " + solution.run() + ": they must run the same tests.");
            }
            problems.addAll(missingSections(course, slug));
            out.printf("  %-28s skeleton fails %3d of %3d   solution passes %3d of %3d%n", slug,
                    exercise.failed(), exercise.run(), solution.passed(), solution.run());
        }
        problems.forEach(problem -> out.println("PROBLEM: " + problem));
        out.println(problems.isEmpty() ? "Exercises consistent." : "Exercises inconsistent.");
        return problems.isEmpty() ? 0 : 1;
    }

    /**
     * Every course section a TODO of the skeleton sends the learner to ({@code section \"Step 1: ...\"}) must be a
     * section title of the lesson's page, or the hint leads nowhere.
     */
    static List<String> missingSections(Path course, String slug) throws IOException {
        Path page = course.resolve("docs/course").resolve(slug + ".adoc");
        List<String> titles = Files.exists(page)
                ? Files.readAllLines(page).stream().filter(line -> line.matches("={2,4} .+"))
                        .map(line -> line.replaceFirst("^=+ ", "").strip()).toList()
                : List.of();
        Path sourceDir = course.resolve("lessons").resolve(slug).resolve("src/main/java");
        if (!Files.isDirectory(sourceDir)) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(sourceDir)) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Matcher section = TODO_SECTION.matcher(Files.readString(source));
                while (section.find()) {
                    if (!titles.contains(section.group(1))) {
                        missing.add("lessons/" + slug + " sends the learner to section \"" + section.group(1)
                                + "\", which docs/course/" + slug + ".adoc does not have.");
                    }
                }
            }
        }
        return missing.stream().distinct().toList();
    }

    /** The lesson folders, {@code NN-slug}, in course order. */
    static List<String> lessonSlugs(Path course) throws IOException {
        try (Stream<Path> entries = Files.list(course.resolve("lessons"))) {
            return entries.filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString())
                    .filter(name -> name.matches("\\d\\d-.+"))
                    .sorted()
                    .toList();
        }
    }
}
