package multiplexing.lesson08;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the server holds for its clients, all together and the most ever held for one: what
 * {@link MultiReactorEchoServer} reports as {@link multiplexing.toolkit.PendingOutput}. Lesson 07's class, unchanged:
 * its counters are atomic, so every reactor can write to the one tally while tests read it.
 */
final class PendingTally {

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    void grew(long bytes, long nowHeldForThatConnection) {
        total.addAndGet(bytes);
        peak.accumulateAndGet(nowHeldForThatConnection, Math::max);
    }

    void shrank(long bytes) {
        total.addAndGet(-bytes);
    }

    long total() {
        return total.get();
    }

    long peak() {
        return peak.get();
    }
}
