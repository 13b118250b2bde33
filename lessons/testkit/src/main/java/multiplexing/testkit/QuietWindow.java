package multiplexing.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How much a server's counter (loop wake-ups, accept attempts) grows while nothing happens. A client listens to
 * silence for a while ({@link TestClient#assertNothingArrivesFor}): the one accepted form of waiting on the clock,
 * since however slow the machine, a server that sleeps until something happens does not count up: slowness can
 * make a spinning server's counter grow less, never make a sleeping server's grow.
 */
public final class QuietWindow {

    private QuietWindow() {
    }

    /** The growth of {@code counter} while {@code listener} receives nothing for {@code quiet}. */
    public static long growthOf(LongSupplier counter, TestClient listener, Duration quiet, String whyNothingArrives)
            throws IOException {
        long before = counter.getAsLong();
        listener.assertNothingArrivesFor(quiet, whyNothingArrives);
        return counter.getAsLong() - before;
    }
}
