package multiplexing.toolkit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a server holds for its clients, all together and the most ever held for one: what a server reports as
 * {@link PendingOutput}. Lessons 07, 08 and 11 share it. Its counters are atomic, so any number of event loops can
 * write to one tally while tests read it.
 */
public final class PendingTally {

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    public void grew(long bytes, long nowHeldForThatConnection) {
        total.addAndGet(bytes);
        peak.accumulateAndGet(nowHeldForThatConnection, Math::max);
    }

    public void shrank(long bytes) {
        total.addAndGet(-bytes);
    }

    public long total() {
        return total.get();
    }

    public long peak() {
        return peak.get();
    }
}
