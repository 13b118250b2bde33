package multiplexing.benchmark.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the results were measured on, for machine.properties: read from /proc and the JVM, never typed in. */
final class Machine {

    private Machine() {
    }

    static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    static String memoryTotal() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(kib -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kib.split("\\s+")[0]) / 1048576.0))
                .orElse("unknown (no /proc/meminfo)");
    }

    static String os() {
        String name = System.getProperty("os.name");
        return firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").map(pretty -> name + ", "
                + pretty.replace("\"", "").replace("=", "").trim()).orElse(name);
    }

    static String kernel() {
        return System.getProperty("os.version");
    }

    static String jdk() {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
    }

    /** The value after the first "key:" (or "key=") line of a /proc-style file. */
    private static Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(key.length()).replaceFirst("^\\s*[:=]\\s*", "").trim()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
