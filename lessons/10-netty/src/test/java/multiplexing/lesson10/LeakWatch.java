package multiplexing.lesson10;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finds {@code ByteBuf}s that were never released. Netty sees a leak only when the garbage collector has collected a
 * tracked buffer that nobody released, and reports it at the next allocation: so a check collects garbage and
 * allocates, a few times.
 */
final class LeakWatch {

    /** The hint a test puts on buffers it leaks on purpose: those leaks prove the watch works and fail nothing. */
    static final String DELIBERATE = "leaked on purpose by LeakDetectionTest";

    private LeakWatch() {
    }

    /** Fails if any buffer leaked so far in this JVM (other than the deliberate ones). */
    static void assertNoLeaks() {
        assertNoLeaks(leak -> !leak.contains(DELIBERATE));
    }

    /** Fails if any leak that {@code counted} accepts has been reported so far in this JVM. */
    static void assertNoLeaks(Predicate<String> counted) {
        assertThat(ResourceLeakDetector.getLevel()).as("the tests run with leak detection at PARANOID (see the pom)")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        for (int round = 0; round < 3; round++) {
            collectAndPoll();
        }
        List<String> leaks = RecordingLeakDetector.LEAKS.stream().filter(counted).toList();
        assertThat(leaks).as("Netty found ByteBufs that were never released. A handler that consumes a buffer (does"
                + " not pass it on with ctx.write or ctx.fireChannelRead) must release it; one that passes it on must"
                + " not. Where they were last used:%n%s", String.join("\n", leaks)).isEmpty();
    }

    /** Waits until a deliberate leak has been reported; false if none was within {@code patience}. */
    static boolean awaitDeliberateLeak(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            collectAndPoll();
            if (RecordingLeakDetector.LEAKS.stream().anyMatch(leak -> leak.contains(DELIBERATE))) {
                return true;
            }
        }
        return false;
    }

    /** Collects garbage, then allocates a tracked buffer: allocating is when Netty looks for collected leaks. */
    private static void collectAndPoll() {
        System.gc();
        ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        probe.release();
    }
}
