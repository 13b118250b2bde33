package multiplexing.lesson11;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import multiplexing.toolkit.Todo;

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
        // TODO Step 2: the seed's "for fd, event in events", reading each struct epoll_event from native memory.
        //  - element i of the array starts at byte i * EpollEvent.SIZE (12 on x86_64, 16 on aarch64);
        //  - its events: array.get(JAVA_INT, start + EpollEvent.EVENTS_OFFSET);
        //  - its data: array.get(JAVA_LONG_UNALIGNED, start + EpollEvent.DATA_OFFSET) (8 bytes at offset 4 on
        //    x86_64, not aligned to 8, hence the unaligned layout);
        //  - handler.ready(data, events) for i from 0 to count - 1: only count events were written by this call.
        throw new Todo("read the events epoll_wait wrote in ReadyEvents.forEach()"
                + " (course: lesson 11, section \"Step 2: the events epoll_wait wrote\").");
    }
    // end::decode[]
}
