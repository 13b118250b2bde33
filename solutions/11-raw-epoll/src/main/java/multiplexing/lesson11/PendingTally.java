package multiplexing.lesson11;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the server holds for its clients, all together and the most ever held for one: what
 * {@link RawEpollEchoServer} reports as {@link multiplexing.toolkit.PendingOutput}. Written by the loop, read by tests.
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
