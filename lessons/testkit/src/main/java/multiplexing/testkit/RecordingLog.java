package multiplexing.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import multiplexing.toolkit.EventLog;

/**
 * An {@link EventLog} that keeps what a server logs, for tests of what a server prints. The server logs from its
 * own thread; a test waits for a line with {@link #awaitLine(String)} instead of guessing how long that takes.
 * It keeps the first 10,000 lines, plenty for a test of a few exchanges.
 */
public final class RecordingLog implements EventLog {

    /** A server that spins logs millions of lines: keep the first ones only, and show fewer in a failure. */
    private static final int KEPT = 10_000;
    private static final int SHOWN = 40;

    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void log(String message) {
        if (lines.size() < KEPT) {
            lines.add(message);
            notifyAll();
        }
    }

    /** The lines logged so far, in order. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Asserts that no line starting with {@code prefix} is logged for {@code quiet}. Like
     * {@link TestClient#assertNothingArrivesFor}, this waits on the clock because absence can only be observed for a
     * while; a correct server never fails it, however slow the machine.
     */
    public synchronized void assertNoLineFor(String prefix, Duration quiet, String why) throws InterruptedException {
        long end = System.nanoTime() + quiet.toNanos();
        for (long millisLeft = quiet.toMillis(); millisLeft > 0; millisLeft = (end - System.nanoTime()) / 1_000_000) {
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    throw new AssertionError("The server logged \"" + line + "\", but " + why);
                }
            }
            wait(millisLeft);
        }
    }

    /** Waits until {@code line} has been logged; fails after {@link TestClient#REPLY_DEADLINE} with what was logged. */
    public synchronized void awaitLine(String line) throws InterruptedException {
        Duration deadline = TestClient.REPLY_DEADLINE;
        long end = System.nanoTime() + deadline.toNanos();
        while (!lines.contains(line)) {
            long millisLeft = (end - System.nanoTime()) / 1_000_000;
            if (millisLeft <= 0) {
                throw new AssertionError("The server did not log \"" + line + "\" within " + deadline.toSeconds()
                        + " s. It logged:\n  " + String.join("\n  ", lines.subList(0, Math.min(lines.size(), SHOWN)))
                        + (lines.size() > SHOWN ? "\n  ... and " + (lines.size() - SHOWN) + " more lines" : ""));
            }
            wait(millisLeft);
        }
    }
}
