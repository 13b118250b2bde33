package multiplexing.lesson11;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * One epoll instance: the seed's {@code select.epoll()} object. Each method is one system call, as in the seed:
 * {@code register}, {@code modify} and {@code unregister} are {@code epoll_ctl} with {@code EPOLL_CTL_ADD},
 * {@code EPOLL_CTL_MOD} and {@code EPOLL_CTL_DEL}; {@code poll} is {@code epoll_wait}.
 *
 * <p>Not thread-safe: one thread (the server's loop) uses it, after the constructor's thread has set it up.
 */
final class Epoll implements AutoCloseable {

    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    /** The epoll descriptor is closed in a child process that runs another program: none of its business. */
    static final int EPOLL_CLOEXEC = 0x80000;

    private final int epfd;
    /** The one {@code struct epoll_event} every epoll_ctl call passes; it lives as long as the arena given. */
    private final MemorySegment request;
    private boolean closed;

    /** A new epoll instance ({@code epoll_create1}); {@code arena} holds its request struct, and must outlive it. */
    Epoll(Arena arena) throws NativeCallException {
        this.request = arena.allocate(EpollEvent.LAYOUT);
        this.epfd = Libc.epollCreate1(EPOLL_CLOEXEC);
    }

    int fd() {
        return epfd;
    }

    // tag::ctl[]
    /** Starts watching {@code fd} for {@code events}; epoll_wait will report it with {@code data}. */
    void register(int fd, int events, long data) throws NativeCallException {
        Libc.epollCtl(epfd, EPOLL_CTL_ADD, fd, request(events, data));
    }

    /** Changes what {@code fd} is watched for (and, edge-triggered, re-arms it: a ready fd is reported again). */
    void modify(int fd, int events, long data) throws NativeCallException {
        Libc.epollCtl(epfd, EPOLL_CTL_MOD, fd, request(events, data));
    }

    /** Stops watching {@code fd}: DEL needs no event (Linux before 2.6.9 wanted a non-null pointer anyway). */
    void unregister(int fd) throws NativeCallException {
        Libc.epollCtl(epfd, EPOLL_CTL_DEL, fd, MemorySegment.NULL);
    }
    // end::ctl[]

    // tag::request[]
    /** The request struct, filled in: {@code events} and {@code data} at the offsets of this architecture. */
    private MemorySegment request(int events, long data) {
        request.set(JAVA_INT, EpollEvent.EVENTS_OFFSET, events);
        request.set(JAVA_LONG_UNALIGNED, EpollEvent.DATA_OFFSET, data);
        return request;
    }
    // end::request[]

    /**
     * Waits until at least one watched descriptor is ready, or {@code timeoutMillis} pass (-1: no timeout), and
     * returns how many events the kernel wrote into {@code ready}; 0 after a timeout or a signal.
     */
    int wait(ReadyEvents ready, int timeoutMillis) throws NativeCallException {
        return Libc.epollWait(epfd, ready.segment(), ready.capacity(), timeoutMillis);
    }

    /** Closes the epoll descriptor, once. */
    @Override
    public void close() throws NativeCallException {
        if (!closed) {
            closed = true;
            Libc.close(epfd);
        }
    }
}
