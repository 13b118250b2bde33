package multiplexing.lesson11;

import java.lang.foreign.Arena;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The seed's register, modify and unregister, as epoll_ctl calls, checked against the kernel with eventfds. */
@DisplayName("Lesson 11: Epoll, the seed's register/modify/unregister")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EpollTest {

    @Test
    @DisplayName("a failed call throws an exception that names the call and its errno")
    void errnoIsCaptured() {
        NativeCallException e = catchThrowableOfType(NativeCallException.class, () -> Libc.close(-1));
        assertThat(e.getMessage()).isEqualTo("close: EBADF (Bad file descriptor)");
        assertThat(e.errno()).isEqualTo(Errno.EBADF);
        assertThat(e.call()).isEqualTo("close");
    }

    @Test
    @DisplayName("register: a ready descriptor is reported, with its data; registering it twice fails with EEXIST")
    void registerAdds() throws NativeCallException {
        try (Arena arena = Arena.ofConfined(); EventFds fds = new EventFds(); Epoll epoll = new Epoll(arena)) {
            int fd = fds.open();
            fds.signal(fd);
            epoll.register(fd, EpollEvent.EPOLLIN, 42);
            assertThat(reported(epoll, arena)).as("what epoll_wait reports for a readable eventfd after"
                    + " register(fd, EPOLLIN, 42)").isEqualTo("42: EPOLLIN");
            assertThatThrownBy(() -> epoll.register(fd, EpollEvent.EPOLLIN, 42))
                    .as("register of a descriptor already in the set (register is EPOLL_CTL_ADD)")
                    .hasMessageStartingWith("epoll_ctl: EEXIST");
        }
    }

    @Test
    @DisplayName("modify: the descriptor is now watched for the new events, and reported with the new data")
    void modifyChanges() throws NativeCallException {
        try (Arena arena = Arena.ofConfined(); EventFds fds = new EventFds(); Epoll epoll = new Epoll(arena)) {
            int fd = fds.open(); // counter 0: not readable, but writable
            epoll.register(fd, EpollEvent.EPOLLIN, 1);
            assertThat(reported(epoll, arena)).as("an eventfd nobody wrote to, watched for EPOLLIN").isEqualTo("");
            epoll.modify(fd, EpollEvent.EPOLLOUT, 2);
            assertThat(reported(epoll, arena)).as("after modify(fd, EPOLLOUT, 2) (modify is EPOLL_CTL_MOD)")
                    .isEqualTo("2: EPOLLOUT");
        }
    }

    @Test
    @DisplayName("unregister: the descriptor is no longer reported, and can be registered again")
    void unregisterRemoves() throws NativeCallException {
        try (Arena arena = Arena.ofConfined(); EventFds fds = new EventFds(); Epoll epoll = new Epoll(arena)) {
            int fd = fds.open();
            fds.signal(fd);
            epoll.register(fd, EpollEvent.EPOLLIN, 7);
            epoll.unregister(fd);
            assertThat(reported(epoll, arena)).as("a readable eventfd after unregister(fd) (EPOLL_CTL_DEL)")
                    .isEqualTo("");
            epoll.register(fd, EpollEvent.EPOLLIN, 8);
            assertThat(reported(epoll, arena)).as("the same eventfd registered again").isEqualTo("8: EPOLLIN");
        }
    }

    @Test
    @DisplayName("level-triggered reports a ready descriptor on every call; edge-triggered only once per change")
    void levelAndEdge() throws NativeCallException {
        try (Arena arena = Arena.ofConfined(); EventFds fds = new EventFds(); Epoll epoll = new Epoll(arena)) {
            int level = fds.open();
            int edge = fds.open();
            fds.signal(level);
            fds.signal(edge);
            epoll.register(level, EpollEvent.EPOLLIN, 1);
            epoll.register(edge, EpollEvent.EPOLLIN | EpollEvent.EPOLLET, 2);
            assertThat(reported(epoll, arena)).isEqualTo("1: EPOLLIN, 2: EPOLLIN");
            assertThat(reported(epoll, arena)).as("nothing read, nothing new: the second call").isEqualTo("1: EPOLLIN");
            fds.signal(edge); // a change: one more event for the edge-triggered one
            assertThat(reported(epoll, arena)).isEqualTo("1: EPOLLIN, 2: EPOLLIN");
        }
    }

    /** What one epoll_wait (no waiting) reports, as "data: events" sorted by data, comma-separated. */
    private static String reported(Epoll epoll, Arena arena) throws NativeCallException {
        ReadyEvents ready = new ReadyEvents(arena, 8);
        int count = epoll.wait(ready, 0);
        TreeMap<Long, String> byData = new TreeMap<>();
        ready.forEach(count, (data, events) -> byData.put(data, data + ": " + EpollEvent.describe(events)));
        return String.join(", ", byData.values());
    }
}
