package multiplexing.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for a condition that nothing signals (a count inside the server, say) by checking it again and again until a
 * deadline. Unlike a sleep, it never guesses how long the server needs: it returns as soon as the condition holds,
 * and fails only if it still does not hold after the deadline.
 */
public final class Eventually {

    /** Generous on purpose: only a broken server needs it. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final long RECHECK_NANOS = 1_000_000;

    private Eventually() {
    }

    /** Returns once {@code condition} is true; fails with {@code failure} if it is still false after {@link #DEADLINE}. */
    public static void assertEventually(BooleanSupplier condition, Supplier<String> failure) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("After " + DEADLINE.toSeconds() + " s: " + failure.get());
            }
            LockSupport.parkNanos(RECHECK_NANOS);
        }
    }
}
