package multiplexing.benchmark.runner;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The seed's first Python server (variant 1), taken from the seed text in the docs, on another port and with its
 * prints silenced: {@code print} becomes a function that does nothing, so the per-event output (which lesson 07
 * measures on its own) does not decide the result. Every other line is the seed's.
 */
final class SeedScript {

    static final Path SEED = Path.of("docs", "course", "seed", "epoll-tutorial.md");
    private static final String ADDRESS = "server_address = (\"127.0.0.1\", 8888)";

    private SeedScript() {
    }

    /** Python 3 on the PATH, or empty. */
    static Optional<String> python() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                return Optional.of(Path.of(dir, "python3").toString());
            }
        }
        return Optional.empty();
    }

    /** Writes the script for {@code port} into {@code dir}, from the seed found under {@code repository}. */
    static Path write(Path repository, Path dir, int port) throws IOException {
        String seed = Files.readString(repository.resolve(SEED));
        int start = seed.indexOf("```python");
        int end = seed.indexOf("```", start + 9);
        String code = seed.substring(seed.indexOf('\n', start) + 1, end);
        if (!code.contains(ADDRESS)) {
            throw new IOException("the seed's variant 1 no longer contains " + ADDRESS);
        }
        String script = "print = lambda *args, **kwargs: None  # added by the benchmark: silenced\n"
                + code.replace(ADDRESS, "server_address = (\"127.0.0.1\", " + port + ")");
        Files.createDirectories(dir);
        Path file = dir.resolve("seed-v1-" + port + ".py");
        Files.writeString(file, script);
        return file;
    }
}
