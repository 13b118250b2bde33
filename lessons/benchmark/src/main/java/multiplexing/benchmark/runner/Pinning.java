package multiplexing.benchmark.runner;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the servers and the load run. On Linux with {@code taskset} and at least two CPUs, each server is started on
 * the first half of the CPUs and the runner (which is the load generator) moves itself to the other half, so that the
 * two never take turns on one core. Elsewhere nothing is pinned, and {@link #sentence()} says why.
 */
record Pinning(String serverCpus, String loadCpus, String unpinnedReason) {

    static Pinning decide() {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return unpinned("taskset is Linux only");
        }
        if (tasksetPath() == null) {
            return unpinned("taskset is not on the PATH");
        }
        if (cpus < 2) {
            return unpinned("only one CPU is available");
        }
        int half = cpus / 2;
        return new Pinning(range(0, half), range(half, cpus), "");
    }

    static Pinning unpinned(String reason) {
        return new Pinning("", "", reason);
    }

    boolean pinned() {
        return unpinnedReason.isEmpty();
    }

    /** The command that starts {@code command} on the server CPUs. */
    List<String> serverCommand(List<String> command) {
        List<String> full = new ArrayList<>();
        if (pinned()) {
            full.addAll(List.of(tasksetPath(), "-c", serverCpus));
        }
        full.addAll(command);
        return full;
    }

    /** Moves every thread of this JVM to the load CPUs; a JVM's threads start where their creator runs. */
    Pinning pinThisProcess() throws IOException, InterruptedException {
        if (!pinned()) {
            return this;
        }
        Process taskset = new ProcessBuilder(tasksetPath(), "-a", "-p", "-c", loadCpus,
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return taskset.waitFor() == 0 ? this : unpinned("taskset could not move the load generator");
    }

    String sentence() {
        return pinned() ? "servers on CPU " + serverCpus + ", load generator on CPU " + loadCpus + " (taskset)"
                : "unpinned: " + unpinnedReason;
    }

    private static String range(int from, int to) {
        return to - from == 1 ? Integer.toString(from) : from + "-" + (to - 1);
    }

    private static String tasksetPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path taskset = Path.of(dir.isEmpty() ? "." : dir, "taskset");
            if (Files.isExecutable(taskset)) {
                return taskset.toString();
            }
        }
        return null;
    }
}
