package multiplexing.lesson11;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import multiplexing.toolkit.Todo;

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
        // TODO Step 1: the seed's epoll.register(fd, events): one epoll_ctl call, Libc.epollCtl(epfd, op, fd, event).
        //  - op: EPOLL_CTL_ADD, the operation that puts a descriptor into the epoll set;
        //  - event: request(events, data), the one struct epoll_event of this object, filled in for you.
        throw new Todo("register the descriptor with epoll_ctl in Epoll.register()"
                + " (course: lesson 11, section \"Step 1: register, modify, unregister\").");
    }

    /** Changes what {@code fd} is watched for (and, edge-triggered, re-arms it: a ready fd is reported again). */
    void modify(int fd, int events, long data) throws NativeCallException {
        // TODO Step 1: the seed's epoll.modify(fd, events): the same call as register, with the operation that
        //  changes the events of a descriptor already in the set (EPOLL_CTL_MOD).
        throw new Todo("change the descriptor's events with epoll_ctl in Epoll.modify()"
                + " (course: lesson 11, section \"Step 1: register, modify, unregister\").");
    }

    /** Stops watching {@code fd}: DEL needs no event (Linux before 2.6.9 wanted a non-null pointer anyway). */
    void unregister(int fd) throws NativeCallException {
        // TODO Step 1: the seed's epoll.unregister(fd): epoll_ctl with EPOLL_CTL_DEL. It needs no event: pass
        //  MemorySegment.NULL, the C null pointer.
        throw new Todo("remove the descriptor with epoll_ctl in Epoll.unregister()"
                + " (course: lesson 11, section \"Step 1: register, modify, unregister\").");
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
