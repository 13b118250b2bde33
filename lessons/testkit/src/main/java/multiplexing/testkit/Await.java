package multiplexing.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition that can only be observed by asking again (a counter, a thread's state): the condition
 * decides when the wait ends, the deadline only bounds a broken server. Never a sleep that hopes something happened.
 */
public final class Await {

    /** How long to pause between two looks: short for the test, long enough to leave a core to the server. */
    private static final long PAUSE_NANOS = Duration.ofMillis(1).toNanos();

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds. Fails with {@code failure} if it still does not after
     * {@code deadline}, or at once, with the server's exception, if the server's loop dies meanwhile.
     */
    public static void until(ServerFixture fixture, Duration deadline, BooleanSupplier condition,
                             Supplier<String> failure) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            fixture.assertLoopRunning();
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(failure.get());
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }
}
