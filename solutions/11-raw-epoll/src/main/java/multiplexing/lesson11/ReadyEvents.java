package multiplexing.lesson11;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The array of {@code struct epoll_event} that epoll_wait fills: the seed's {@code events} list, in native memory.
 * The kernel writes the first {@code count} elements; the rest hold whatever an earlier call left there.
 */
final class ReadyEvents {

    /** What the loop does with one ready descriptor: {@code data} is what it was registered with. */
    @FunctionalInterface
    interface Handler {
        void ready(long data, int events);
    }

    private final MemorySegment array;
    private final int capacity;

    /** Room for {@code capacity} events, in memory that lives as long as {@code arena}. */
    ReadyEvents(Arena arena, int capacity) {
        this.array = arena.allocate(EpollEvent.LAYOUT, capacity);
        this.capacity = capacity;
    }

    MemorySegment segment() {
        return array;
    }

    int capacity() {
        return capacity;
    }

    // tag::decode[]
    /** Hands the first {@code count} events to {@code handler}, in the order the kernel wrote them. */
    void forEach(int count, Handler handler) {
        for (int i = 0; i < count; i++) {
            long event = i * EpollEvent.SIZE; // 12 bytes apart on x86_64, 16 on aarch64
            int events = array.get(JAVA_INT, event + EpollEvent.EVENTS_OFFSET);
            long data = array.get(JAVA_LONG_UNALIGNED, event + EpollEvent.DATA_OFFSET);
            handler.ready(data, events);
        }
    }
    // end::decode[]
}
