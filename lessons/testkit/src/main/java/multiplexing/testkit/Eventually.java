package multiplexing.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits, with a deadline, for a condition the server makes true: for server state a test can observe but not be
 * notified of (how many bytes a server holds, for example). A slow machine only makes the wait longer; a server
 * whose loop has died ends the wait at once, with the server's exception as the reason.
 */
public final class Eventually {

    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private Eventually() {
    }

    /** Returns as soon as {@code condition} holds; fails with {@code failure}'s message if it does not in time. */
    public static void await(ServerFixture fixture, BooleanSupplier condition, Duration deadline,
                             Supplier<String> failure) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (fixture.loopFailure() != null) {
                throw new AssertionError(fixture.explanation(), fixture.loopFailure());
            }
            if (System.nanoTime() - end >= 0) {
                fail(failure.get());
            }
            LockSupport.parkNanos(RECHECK_NANOS);
        }
    }
}
