package multiplexing.benchmark.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A process measured from outside: CPU time, resident memory and threads. On Linux all three come from
 * {@code /proc/PID}; elsewhere only the CPU time is known (from {@link ProcessHandle}), and the others are empty.
 */
public final class ProcessStats {

    /** /proc reports CPU time in clock ticks of 1/100 s (USER_HZ, 100 on every common Linux). */
    private static final long NANOS_PER_TICK = 10_000_000;

    private final long pid;

    public ProcessStats(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    /** User plus system CPU time of the process so far, all its threads, in nanoseconds (10 ms steps on Linux). */
    public long cpuNanos() {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isReadable(stat)) {
            try {
                String line = Files.readString(stat);
                // The command name, in parentheses, may contain spaces: count fields from the closing parenthesis.
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK; // utime, stime
            } catch (IOException e) {
                throw new IllegalStateException("Process " + pid + " has ended.", e);
            }
        }
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration()).map(Duration::toNanos)
                .orElseThrow(() -> new IllegalStateException("No CPU time for process " + pid + " on this system."));
    }

    /** Resident memory (VmRSS), in bytes; empty where /proc is not there. */
    public OptionalLong residentBytes() {
        return statusField("VmRSS:").stream().map(kib -> kib * 1024).findFirst();
    }

    /** The process's threads; empty where /proc is not there. */
    public OptionalLong threads() {
        return statusField("Threads:");
    }

    private OptionalLong statusField(String name) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(name)) {
                    return OptionalLong.of(Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]));
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new IllegalStateException("Process " + pid + " has ended.", e);
        }
    }
}
