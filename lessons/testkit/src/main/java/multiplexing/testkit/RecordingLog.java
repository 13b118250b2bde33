package multiplexing.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import multiplexing.toolkit.EventLog;

/**
 * An {@link EventLog} that keeps every line a server logs, for tests of what a server prints. The server logs from its
 * own thread; a test waits for a line with {@link #awaitLine(String)} instead of guessing how long that takes.
 */
public final class RecordingLog implements EventLog {

    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void log(String message) {
        lines.add(message);
        notifyAll();
    }

    /** The lines logged so far, in order. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits until {@code line} has been logged; fails after {@link TestClient#REPLY_DEADLINE} with what was logged. */
    public synchronized void awaitLine(String line) throws InterruptedException {
        Duration deadline = TestClient.REPLY_DEADLINE;
        long end = System.nanoTime() + deadline.toNanos();
        while (!lines.contains(line)) {
            long millisLeft = (end - System.nanoTime()) / 1_000_000;
            if (millisLeft <= 0) {
                throw new AssertionError("The server did not log \"" + line + "\" within " + deadline.toSeconds()
                        + " s. It logged:\n  " + String.join("\n  ", lines));
            }
            wait(millisLeft);
        }
    }
}
