package multiplexing.toolkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ExerciseProgressTest {

    @TempDir
    Path course;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @DisplayName("the table counts passing tests per lesson and shows the next lesson's first failing test and its message")
    void printsProgress() throws IOException {
        report("lessons/01-first", 5, 0, 0);
        reportWithCases("lessons/02-second", "SecondTest", 4, "echoes a line",
                "The reply differs at byte 3 of 20: expected 0x41, got 0x61.", "echoes bytes", "TODO: write it");
        Files.createDirectories(course.resolve("lessons/03-third"));
        Files.createDirectories(course.resolve("lessons/toolkit"));

        ExerciseProgress.printProgress(course, out);

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("01-first                       5 of   5 tests pass   DONE")
                .contains("02-second                      2 of   4 tests pass   in progress")
                .contains("03-third                       0 of   0 tests pass   not run")
                .doesNotContain("toolkit")
                .contains("1 of 3 lessons done.")
                .contains("Next: 02-second.")
                .contains("  First failing test: SecondTest > echoes a line\n"
                        + "    The reply differs at byte 3 of 20: expected 0x41, got 0x61.\n")
                .contains("Check it alone with: ./mvnw test -Pexercise -pl lessons/02-second -am");
    }

    @Test
    @DisplayName("a lesson whose every failure is still a TODO reads \"to do\", even with tests that pass")
    void untouchedSkeletonIsToDo() throws IOException {
        reportWithCases("lessons/01-first", "FirstTest", 5, "echoes", "The server's loop stopped with an unfinished"
                + " TODO: write the loop", "closes", "TODO: close it");
        Path source = Files.createDirectories(course.resolve("lessons/01-first/src/main/java/first"));
        Files.writeString(source.resolve("First.java"), "class First { void a() { throw new Todo(\"a\"); }"
                + " void b() { throw  new Todo(\"b\"); } }");

        ExerciseProgress.printProgress(course, out);

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("01-first                       3 of   5 tests pass   to do         2 TODOs left")
                .contains("First failing test: FirstTest > echoes");
    }

    @Test
    @DisplayName("the CI check passes when every skeleton fails and every solution passes the same tests")
    void consistentExercises() throws IOException {
        report("lessons/01-first", 5, 5, 0);
        report("solutions/01-first", 5, 0, 0);

        assertThat(ExerciseProgress.verifyExercises(course, out)).isZero();
    }

    @Test
    @DisplayName("the CI check fails on a solved skeleton, a failing solution, or differing test counts")
    void inconsistentExercises() throws IOException {
        report("lessons/01-solved", 5, 0, 0);
        report("solutions/01-solved", 5, 0, 0);
        report("lessons/02-broken", 3, 3, 0);
        report("solutions/02-broken", 3, 0, 1);
        report("lessons/03-drifted", 3, 3, 0);
        report("solutions/03-drifted", 2, 0, 0);

        assertThat(ExerciseProgress.verifyExercises(course, out)).isEqualTo(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("lessons/01-solved passes all its tests")
                .contains("solutions/02-broken fails 1 of its tests.")
                .contains("lessons/03-drifted ran 3 tests but solutions/03-drifted ran 2");
    }

    @Test
    @DisplayName("the CI check fails when a TODO names a section the lesson's page does not have")
    void todoSectionsExist() throws IOException {
        report("lessons/01-first", 2, 2, 0);
        report("solutions/01-first", 2, 0, 0);
        Path source = Files.createDirectories(course.resolve("lessons/01-first/src/main/java/first"));
        Files.writeString(source.resolve("First.java"), "throw new Todo(\"write it (course: lesson 01, section"
                + " \\\"Step 1: the loop\\\").\"); throw new Todo(\"(section \\\"Step 2: the rest\\\")\");");
        Path docs = Files.createDirectories(course.resolve("docs/course"));
        Files.writeString(docs.resolve("01-first.adoc"), "= Lesson 01\n\n== The exercise\n\n=== Step 1: the loop\n");

        assertThat(ExerciseProgress.verifyExercises(course, out)).isEqualTo(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("lessons/01-first sends the learner to section \"Step 2: the rest\", which"
                        + " docs/course/01-first.adoc does not have.")
                .doesNotContain("Step 1: the loop\", which");
    }

    @Test
    @DisplayName("the CI check fails, naming the file, when a file without TODO differs from its copy or has none")
    void copiesWithoutTodoAreIdentical() throws IOException {
        report("lessons/01-first", 2, 2, 0);
        report("solutions/01-first", 2, 0, 0);
        write("lessons/01-first/src/main/java/first/Same.java", "class Same {}");
        write("solutions/01-first/src/main/java/first/Same.java", "class Same {}");
        write("lessons/01-first/src/main/java/first/Exercise.java", "class Exercise { { throw new Todo(\"x\"); } }");
        write("solutions/01-first/src/main/java/first/Exercise.java", "class Exercise { }");
        write("lessons/01-first/src/main/java/first/Drifted.java", "class Drifted { int a; }");
        write("solutions/01-first/src/main/java/first/Drifted.java", "class Drifted { int b; }");
        write("solutions/01-first/src/main/java/first/Lonely.java", "class Lonely {}");

        assertThat(ExerciseProgress.verifyExercises(course, out)).isEqualTo(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("lessons/01-first/src/main/java/first/Drifted.java has no TODO but differs from"
                        + " solutions/01-first/src/main/java/first/Drifted.java")
                .contains("solutions/01-first/src/main/java/first/Lonely.java has no copy in lessons/01-first.")
                .doesNotContain("Same.java")
                .doesNotContain("Exercise.java");
    }

    @Test
    @DisplayName("a lesson the build left out is listed with the reason, is not next, and is not a CI problem")
    void absentLesson() throws IOException {
        report("lessons/01-first", 5, 0, 0);
        report("solutions/01-first", 5, 0, 0);
        report("lessons/02-left-out", 4, 4, 0); // stale: from a build that had it
        write("lessons/02-left-out/src/main/java/x/X.java", "class X { int a; }");
        write("solutions/02-left-out/src/main/java/x/X.java", "class X { int b; }");
        var absent = ExerciseProgress.absentLessons("02-left-out=needs JDK 22", "this build: JDK 21 on Linux");

        ExerciseProgress.printProgress(course, out, absent);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("02-left-out                  left out of this build: needs JDK 22 (this build: JDK 21 on"
                        + " Linux)")
                .contains("1 of 1 lessons done.")
                .doesNotContain("Next:");

        bytes.reset();
        assertThat(ExerciseProgress.verifyExercises(course, out, absent)).as("the drifted copy is still found")
                .isEqualTo(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("02-left-out                  left out of this build")
                .contains("lessons/02-left-out/src/main/java/x/X.java has no TODO but differs")
                .doesNotContain("02-left-out ran")
                .doesNotContain("lessons/02-left-out passes all its tests");
    }

    private void write(String file, String content) throws IOException {
        Path path = course.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    /** A report whose failing tests come in pairs (name, message); {@code tests} counts the passing ones too. */
    private void reportWithCases(String module, String testClass, int tests, String... failed) throws IOException {
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < failed.length; i += 2) {
            cases.append(String.format("<testcase name=\"%s\" classname=\"%s\"><failure message=\"%s\""
                    + " type=\"java.lang.AssertionError\">trace</failure></testcase>", failed[i], testClass, failed[i + 1]));
        }
        Path reports = Files.createDirectories(course.resolve(module).resolve("target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-Example.xml"), String.format(
                "<?xml version=\"1.0\"?><testsuite name=\"x\" tests=\"%d\" failures=\"%d\" errors=\"0\""
                        + " skipped=\"0\">%s</testsuite>", tests, failed.length / 2, cases));
    }

    private void report(String module, int tests, int failures, int errors) throws IOException {
        Path reports = Files.createDirectories(course.resolve(module).resolve("target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-Example.xml"), String.format(
                "<?xml version=\"1.0\"?><testsuite name=\"x\" tests=\"%d\" failures=\"%d\" errors=\"%d\""
                        + " skipped=\"0\"></testsuite>", tests, failures, errors));
    }
}
