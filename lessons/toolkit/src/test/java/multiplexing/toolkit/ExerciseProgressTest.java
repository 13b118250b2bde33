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
    @DisplayName("the table counts passing tests per lesson and names the next lesson to do")
    void printsProgress() throws IOException {
        report("lessons/01-first", 5, 0, 0);
        report("lessons/02-second", 4, 1, 1);
        Files.createDirectories(course.resolve("lessons/03-third"));
        Files.createDirectories(course.resolve("lessons/toolkit"));

        ExerciseProgress.printProgress(course, out);

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("01-first                       5 of   5 tests pass   DONE")
                .contains("02-second                      2 of   4 tests pass   in progress")
                .contains("03-third                       0 of   0 tests pass   not run")
                .doesNotContain("toolkit")
                .contains("1 of 3 lessons done.")
                .contains("Next: 02-second.");
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

    private void report(String module, int tests, int failures, int errors) throws IOException {
        Path reports = Files.createDirectories(course.resolve(module).resolve("target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-Example.xml"), String.format(
                "<?xml version=\"1.0\"?><testsuite name=\"x\" tests=\"%d\" failures=\"%d\" errors=\"%d\""
                        + " skipped=\"0\"></testsuite>", tests, failures, errors));
    }
}
