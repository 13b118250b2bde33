package multiplexing.toolkit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints, for every lesson, how many of its tests your code in {@code lessons/} passes, from the reports the last
 * {@code ./mvnw test -Pprogress} left behind; for the next lesson to do, its first failing test and what it says.
 *
 * <p>With {@code --verify-exercises} it is the course's own consistency check, run by CI: every skeleton runs tests
 * and fails at least one (no exercise is solved already, no test is vacuous), every solution runs the same
 * tests and passes them all, every TODO names a section of the lesson's page, and every file without a TODO is the
 * same in {@code lessons/NN} and {@code solutions/NN}.
 *
 * <p>A lesson the build leaves out on purpose (lesson 11 needs JDK 22 or newer on Linux: a Maven profile builds it
 * only there) is named with {@code --absent=SLUG=WHY}: its row says why, and its tests are not expected to have run.
 */
public final class ExerciseProgress {

    /** An unfinished part of an exercise, as written in Java source. */
    private static final Pattern TODO_THROW = Pattern.compile("throw\\s+new\\s+Todo\\(");

    /** How a skeleton's TODO names the section that explains it, as written in Java source. */
    private static final Pattern TODO_SECTION = Pattern.compile("section \\\\\"([^\\\\\"]+)\\\\\"");

    private ExerciseProgress() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args.length >= 2 ? args[1] : "--print";
        String absentOption = args.length == 3 ? args[2] : "--absent=";
        if (args.length < 1 || args.length > 3 || !(mode.equals("--print") || mode.equals("--verify-exercises"))
                || !absentOption.startsWith("--absent=")) {
            System.err.println("Usage: ExerciseProgress COURSE_DIR [--print | --verify-exercises]"
                    + " [--absent=SLUG=WHY;...]");
            System.exit(2);
        }
        boolean verify = mode.equals("--verify-exercises");
        Path course = Path.of(args[0]);
        Map<String, String> absent = absentLessons(absentOption.substring("--absent=".length()),
                "this build: JDK " + Runtime.version().feature() + " on " + System.getProperty("os.name"));
        int status = verify ? verifyExercises(course, System.out, absent) : printProgress(course, System.out, absent);
        System.exit(status);
    }

    /** {@code SLUG=WHY;SLUG=WHY}, as the progress module's pom passes it; empty when nothing is left out. */
    static Map<String, String> absentLessons(String option, String thisBuild) {
        Map<String, String> absent = new TreeMap<>();
        for (String entry : option.split(";")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                absent.put(entry.substring(0, equals).strip(),
                        entry.substring(equals + 1).strip() + " (" + thisBuild + ")");
            }
        }
        return absent;
    }

    static int printProgress(Path course, PrintStream out) throws IOException {
        return printProgress(course, out, Map.of());
    }

    static int printProgress(Path course, PrintStream out, Map<String, String> absent) throws IOException {
        out.println();
        out.println("Exercise progress (your code in lessons/):");
        int done = 0;
        String next = null;
        TestReport nextReport = null;
        int nextTodos = 0;
        List<String> lessons = lessonSlugs(course).stream().filter(slug -> !absent.containsKey(slug)).toList();
        for (String slug : lessonSlugs(course)) {
            if (absent.containsKey(slug)) {
                out.printf("  %-28s left out of this build: %s%n", slug, absent.get(slug));
                continue;
            }
            TestReport report = TestReport.of(course.resolve("lessons").resolve(slug));
            int todos = todosLeft(course, slug);
            String state = state(report, todos);
            if (state.equals("DONE")) {
                done++;
            } else if (next == null) {
                next = slug;
                nextReport = report;
                nextTodos = todos;
            }
            String left = todos == 0 || state.equals("DONE") ? "" : "   " + todos + (todos == 1 ? " TODO" : " TODOs")
                    + " left";
            out.printf("  %-28s %3d of %3d tests pass   %-11s%s%n", slug, report.passed(), report.run(), state,
                    left);
        }
        out.printf("%d of %d lessons done.%n", done, lessons.size());
        if (next != null) {
            out.println();
            out.println("Next: " + next + ".");
            if (!nextReport.failures().isEmpty()) {
                TestReport.FailedTest first = nextReport.failures().getFirst();
                out.println("  First failing test: " + first.testClass() + " > " + first.name());
                wrap(first.message(), 100).forEach(line -> out.println("    " + line));
            } else if (nextReport.run() == 0) {
                out.println("  Its tests have not run yet.");
            }
            if (nextTodos > 0) {
                out.println("  TODOs left in lessons/" + next + "/src/main/java: " + nextTodos + ".");
            }
            out.println("  Check it alone with: ./mvnw test -Pexercise -pl lessons/" + next + " -am");
        }
        return 0;
    }

    /**
     * DONE when every test passes. "to do" while nothing passes, or while every failure is still one of the
     * skeleton's TODOs (some tests pass on an untouched skeleton: what they check needs no TODO). "in progress" once a
     * test fails for a reason of the learner's own, or no TODO is left.
     */
    static String state(TestReport report, int todosLeft) {
        if (report.run() == 0) {
            return "not run";
        }
        if (report.failed() == 0) {
            return "DONE";
        }
        boolean onlyTodos = todosLeft > 0 && report.failures().stream()
                .allMatch(failure -> failure.message().contains("TODO:"));
        return report.passed() == 0 || onlyTodos ? "to do" : "in progress";
    }

    /** How many {@code throw new Todo(...)} the lesson's code still has. */
    static int todosLeft(Path course, String slug) throws IOException {
        Path sources = course.resolve("lessons").resolve(slug).resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return 0;
        }
        int count = 0;
        for (Path source : javaFiles(sources)) {
            Matcher todo = TODO_THROW.matcher(Files.readString(source));
            while (todo.find()) {
                count++;
            }
        }
        return count;
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    static int verifyExercises(Path course, PrintStream out) throws IOException {
        return verifyExercises(course, out, Map.of());
    }

    static int verifyExercises(Path course, PrintStream out, Map<String, String> absent) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String slug : lessonSlugs(course)) {
            if (absent.containsKey(slug)) {
                // Not built, so no test ran; what needs no build is still checked.
                problems.addAll(missingSections(course, slug));
                problems.addAll(driftedCopies(course, slug));
                out.printf("  %-28s left out of this build: %s%n", slug, absent.get(slug));
                continue;
            }
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
            problems.addAll(driftedCopies(course, slug));
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

    /**
     * {@code lessons/NN} and {@code solutions/NN} mirror each other file for file under {@code src/main}; a file
     * without a TODO is the same code in both, so the two copies must be identical.
     */
    static List<String> driftedCopies(Path course, String slug) throws IOException {
        Path lesson = course.resolve("lessons").resolve(slug).resolve("src/main");
        Path solution = course.resolve("solutions").resolve(slug).resolve("src/main");
        if (!Files.isDirectory(lesson) || !Files.isDirectory(solution)) {
            return List.of();
        }
        SortedSet<Path> files = new TreeSet<>(relativeFiles(lesson));
        files.addAll(relativeFiles(solution));
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            Path inLesson = lesson.resolve(file);
            Path inSolution = solution.resolve(file);
            String name = "src/main/" + file.toString().replace('\\', '/');
            if (!Files.exists(inSolution)) {
                problems.add("lessons/" + slug + "/" + name + " has no copy in solutions/" + slug + ".");
            } else if (!Files.exists(inLesson)) {
                problems.add("solutions/" + slug + "/" + name + " has no copy in lessons/" + slug + ".");
            } else if (!TODO_THROW.matcher(Files.readString(inLesson)).find()
                    && Files.mismatch(inLesson, inSolution) >= 0) {
                problems.add("lessons/" + slug + "/" + name + " has no TODO but differs from solutions/" + slug + "/"
                        + name + ": the two copies must be identical.");
            }
        }
        return problems;
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize).toList();
        }
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
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
