package multiplexing.lesson11;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * eventfd descriptors for the binding's tests: a counter in the kernel that epoll watches like a socket. Readable
 * while the counter is above zero (after a write), writable while it has room (practically always). Closed together.
 */
final class EventFds implements AutoCloseable {

    private static final int EFD_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;

    private final List<Integer> opened = new ArrayList<>();

    /** A new eventfd whose counter is 0: not readable until {@link #signal}. */
    int open() throws NativeCallException {
        int fd = Libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        opened.add(fd);
        return fd;
    }

    /** Adds 1 to the counter: the eventfd becomes readable. */
    void signal(int fd) throws NativeCallException {
        try (Arena arena = Arena.ofConfined()) {
            Libc.write(fd, arena.allocateFrom(JAVA_LONG, 1L), Long.BYTES);
        }
    }

    @Override
    public void close() {
        opened.forEach(Sockets::closeQuietly);
    }
}
