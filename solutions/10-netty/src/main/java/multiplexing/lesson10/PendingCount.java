package multiplexing.lesson10;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a server holds for its clients (read, written to Netty, not yet on the wire): the total now, and the most
 * one connection ever held. The event loops add and subtract; a test reads from its own thread.
 */
final class PendingCount {

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    /** One connection now holds {@code connectionBytes}, {@code added} of them new. */
    void grew(long added, long connectionBytes) {
        total.addAndGet(added);
        peak.accumulateAndGet(connectionBytes, Math::max);
    }

    void shrank(long removed) {
        total.addAndGet(-removed);
    }

    long total() {
        return total.get();
    }

    long peak() {
        return peak.get();
    }
}
