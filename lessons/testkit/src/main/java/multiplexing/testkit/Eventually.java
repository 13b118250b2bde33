package multiplexing.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for a condition that nothing signals (a count inside the server, the bytes it holds, a thread's state) by
 * checking it again and again until a deadline. Unlike a sleep, it never guesses how long the server needs: it
 * returns as soon as the condition holds; a slow machine only makes the wait longer. Given the fixture, it also ends
 * at once, with the server's exception as the reason, if the server's loop dies meanwhile, and at once when its
 * thread is interrupted (a test's {@code @Timeout} does that), instead of spinning on to its own deadline.
 */
public final class Eventually {

    /** Generous on purpose (a correct server gets there in milliseconds): only a broken server needs it. */
    public static final Duration DEADLINE = Duration.ofSeconds(5);

    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private Eventually() {
    }

    /** Returns once {@code condition} is true; fails with {@code failure} if it is still false after {@link #DEADLINE}. */
    public static void assertEventually(BooleanSupplier condition, Supplier<String> failure) {
        await(null, condition, DEADLINE, failure);
    }

    /**
     * Returns once {@code condition} is true; fails with {@code failure} if it is still false after {@code deadline},
     * and at once if the loop of {@code fixture} (may be null) has died.
     */
    public static void await(ServerFixture fixture, BooleanSupplier condition, Duration deadline,
                             Supplier<String> failure) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (fixture != null) {
                fixture.assertLoopRunning();
            }
            if (System.nanoTime() - end >= 0) {
                fail("After " + deadline.toSeconds() + " s: " + failure.get());
            }
            if (Thread.currentThread().isInterrupted()) {
                fail("Interrupted (the test's time ran out) while waiting for: " + failure.get());
            }
            LockSupport.parkNanos(RECHECK_NANOS);
        }
    }
}
