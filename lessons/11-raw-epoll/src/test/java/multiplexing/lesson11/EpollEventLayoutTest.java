package multiplexing.lesson11;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code struct epoll_event} as Java lays it out must be what the kernel writes: 12 bytes on x86_64 (packed), 16 on
 * aarch64. The sizes are checked for both architectures; the round trips check this machine's against the kernel.
 */
@DisplayName("Lesson 11: struct epoll_event in native memory")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EpollEventLayoutTest {

    /** A data value whose eight bytes all differ: read at a wrong offset or width, it cannot come back equal. */
    private static final long KNOWN_DATA = 0x0123_4567_89AB_CDEFL;

    private record Event(long data, int events) {
    }

    @Test
    @DisplayName("is 12 bytes with data at offset 4 on x86_64, 16 bytes with data at offset 8 on aarch64")
    void layoutPerArchitecture() {
        assertThat(EpollEvent.layoutFor("amd64").byteSize()).isEqualTo(12);
        assertThat(EpollEvent.layoutFor("amd64").byteOffset(
                groupElement("data"))).isEqualTo(4);
        assertThat(EpollEvent.layoutFor("aarch64").byteSize()).isEqualTo(16);
        assertThat(EpollEvent.layoutFor("aarch64").byteOffset(
                groupElement("data"))).isEqualTo(8);
        assertThat(EpollEvent.SIZE).as("this JVM's layout, for os.arch=%s", System.getProperty("os.arch"))
                .isEqualTo(EpollEvent.layoutFor(System.getProperty("os.arch")).byteSize());
    }

    @Test
    @DisplayName("reads back the data value the kernel wrote: registered with 0x0123456789ABCDEF, reported with it")
    void kernelWritesWhatJavaReads() throws NativeCallException {
        try (Arena arena = Arena.ofConfined(); EventFds fds = new EventFds(); Epoll epoll = new Epoll(arena)) {
            int fd = fds.open();
            epoll.register(fd, EpollEvent.EPOLLIN, KNOWN_DATA);
            fds.signal(fd);
            List<Event> events = waitOnce(epoll, new ReadyEvents(arena, 8));
            assertThat(events).as("the events ReadyEvents.forEach handed over, for one ready eventfd").hasSize(1);
            long data = events.getFirst().data();
            assertThat(data).as("data of the one event, registered as 0x%016X, came back as 0x%016X. %s", KNOWN_DATA,
                    data, dataHint(data)).isEqualTo(KNOWN_DATA);
            assertThat(EpollEvent.describe(events.getFirst().events()))
                    .as("events of the one event (at i * EpollEvent.SIZE + EpollEvent.EVENTS_OFFSET, an int)")
                    .isEqualTo("EPOLLIN");
        }
    }

    @Test
    @DisplayName("three ready descriptors come back as three events, each with its own data")
    void eachEventAtItsOwnPlace() throws NativeCallException {
        try (Arena arena = Arena.ofConfined(); EventFds fds = new EventFds(); Epoll epoll = new Epoll(arena)) {
            List<Long> registered = List.of(KNOWN_DATA, KNOWN_DATA + 1, KNOWN_DATA + 2);
            for (long data : registered) {
                int fd = fds.open();
                epoll.register(fd, EpollEvent.EPOLLIN, data);
                fds.signal(fd);
            }
            List<Long> handed = waitOnce(epoll, new ReadyEvents(arena, 8)).stream().map(Event::data).toList();
            assertThat(handed).as("events handed over by ReadyEvents.forEach for an epoll_wait that returned 3: stop"
                    + " at count, not at the array's capacity").hasSize(3);
            String hint = handed.stream().allMatch(data -> data == 0) ? dataHint(0)
                    : handed.stream().distinct().count() == 1
                    ? "The same event, three times: element i of the array starts at byte i * EpollEvent.SIZE (%d"
                            .formatted(EpollEvent.SIZE) + " on this machine)."
                    : handed.stream().noneMatch(registered::contains) ? dataHint(handed.getFirst())
                    : "Element i of the array starts at byte i * EpollEvent.SIZE (%d on this machine)."
                            .formatted(EpollEvent.SIZE);
            assertThat(handed).as("data of the three events, registered as %s. %s", registered, hint)
                    .containsExactlyInAnyOrderElementsOf(registered);
        }
    }

    @Test
    @DisplayName("hands over only the events this epoll_wait wrote, not what an earlier one left in the array")
    void onlyTheEventsOfThisCall() throws NativeCallException {
        try (Arena arena = Arena.ofConfined(); EventFds fds = new EventFds(); Epoll epoll = new Epoll(arena)) {
            ReadyEvents ready = new ReadyEvents(arena, 8);
            int first = fds.open();
            int second = fds.open();
            epoll.register(first, EpollEvent.EPOLLIN, first);
            epoll.register(second, EpollEvent.EPOLLIN | EpollEvent.EPOLLET, second);
            fds.signal(first);
            fds.signal(second);
            assertThat(waitOnce(epoll, ready)).as("events handed over for an epoll_wait that returned 2:"
                    + " ReadyEvents.forEach must stop at count, not at the array's capacity").hasSize(2);
            // The second fd is edge-triggered and nothing new happened to it: only the first is reported now.
            List<Event> events = waitOnce(epoll, ready);
            assertThat(events).as("events handed over for an epoll_wait that returned 1: ReadyEvents.forEach must"
                    + " stop at count (the rest of the array is what the previous call left)").hasSize(1);
            assertThat(events.getFirst().data()).as("data of that event. %s", dataHint(events.getFirst().data()))
                    .isEqualTo(first);
        }
    }

    /** What a wrong data value suggests, from its value. */
    private static String dataHint(long data) {
        if (data == 0) {
            return "0 is what the kernel reports for a descriptor registered with data 0: does Epoll.register pass"
                    + " its data argument on (request(events, data))?";
        }
        return "ReadyEvents.forEach reads data as a long (JAVA_LONG_UNALIGNED) at i * EpollEvent.SIZE +"
                + " EpollEvent.DATA_OFFSET: offset %d on this machine, where the struct is %d bytes."
                        .formatted(EpollEvent.DATA_OFFSET, EpollEvent.SIZE);
    }

    private static List<Event> waitOnce(Epoll epoll, ReadyEvents ready) throws NativeCallException {
        int count = epoll.wait(ready, 1000);
        List<Event> events = new ArrayList<>();
        ready.forEach(count, (data, mask) -> events.add(new Event(data, mask)));
        return events;
    }
}
