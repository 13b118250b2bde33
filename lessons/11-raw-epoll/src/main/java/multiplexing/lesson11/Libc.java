package multiplexing.lesson11;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C library functions this lesson calls, one downcall handle each, in the words of their man pages. Every call
 * that fails (returns -1) throws a {@link NativeCallException} naming the call and its {@code errno}, except where
 * {@code EAGAIN} is an answer rather than an error: {@link #read}, {@link #write} and {@link #accept4} return
 * {@link #WOULD_BLOCK} then.
 *
 * <p>{@code errno} is a thread-local variable of the C library that the JVM itself may overwrite between two Java
 * statements, so it cannot be read after the call: {@code Linker.Option.captureCallState("errno")} makes the downcall
 * copy it, right after the function returns, into a small segment passed as the handle's first argument (one per
 * thread here, since {@code close()} writes to the wake-up descriptor from a thread that is not the loop's).
 */
@SuppressWarnings("restricted") // downcallHandle is a restricted method: the JVM runs with --enable-native-access
final class Libc {

    /** What {@link #read}, {@link #write} and {@link #accept4} return instead of throwing {@code EAGAIN}. */
    static final int WOULD_BLOCK = -1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE)); // freed with its thread, by the GC

    // tag::handles[]
    private static final MethodHandle SOCKET = function("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT =
            function("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle BIND = function("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = function("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle ACCEPT4 = function("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle GETSOCKNAME = function("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GETPEERNAME = function("getpeername", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle READ = function("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = function("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle CLOSE = function("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_CREATE1 = function("epoll_create1", JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_CTL = function("epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle EPOLL_WAIT = function("epoll_wait", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle EVENTFD = function("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    // end::handles[]

    private Libc() {
    }

    /** A downcall handle for {@code int name(...)} or {@code ssize_t name(...)}, capturing errno. */
    private static MethodHandle function(String name, MemoryLayout returns, MemoryLayout... arguments) {
        MemorySegment address = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("The C library has no function " + name));
        return LINKER.downcallHandle(address, FunctionDescriptor.of(returns, arguments),
                Linker.Option.captureCallState("errno"));
    }

    // tag::errno[]
    /** The result, or a {@link NativeCallException} with the errno the call left if it returned -1. */
    private static int checked(String call, int result, MemorySegment state) throws NativeCallException {
        if (result == -1) {
            throw new NativeCallException(call, (int) ERRNO.get(state, 0L));
        }
        return result;
    }
    // end::errno[]

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static int socket(int domain, int type, int protocol) throws NativeCallException {
        MemorySegment state = STATE.get();
        try {
            return checked("socket", (int) SOCKET.invokeExact(state, domain, type, protocol), state);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected("socket", e);
        }
    }

    static void setsockopt(int fd, int level, int option, int value) throws NativeCallException {
        MemorySegment state = STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment holder = arena.allocateFrom(JAVA_INT, value);
            checked("setsockopt", (int) SETSOCKOPT.invokeExact(state, fd, level, option, holder, (int) JAVA_INT.byteSize()),
                    state);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected("setsockopt", e);
        }
    }

    static void bind(int fd, MemorySegment address) throws NativeCallException {
        MemorySegment state = STATE.get();
        try {
            checked("bind", (int) BIND.invokeExact(state, fd, address, (int) address.byteSize()), state);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected("bind", e);
        }
    }

    static void listen(int fd, int backlog) throws NativeCallException {
        MemorySegment state = STATE.get();
        try {
            checked("listen", (int) LISTEN.invokeExact(state, fd, backlog), state);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected("listen", e);
        }
    }

    /** A new connection's descriptor, or {@link #WOULD_BLOCK} when the listen queue is empty (EAGAIN). */
    static int accept4(int fd, int flags) throws NativeCallException {
        MemorySegment state = STATE.get();
        int result;
        try {
            result = (int) ACCEPT4.invokeExact(state, fd, MemorySegment.NULL, MemorySegment.NULL, flags);
        } catch (Throwable e) {
            throw unexpected("accept4", e);
        }
        if (result == -1 && errno(state) == Errno.EAGAIN) {
            return WOULD_BLOCK;
        }
        return checked("accept4", result, state);
    }

    /** Fills {@code address} (a {@code sockaddr_in}) with the socket's own address. */
    static void getsockname(int fd, MemorySegment address) throws NativeCallException {
        addressOf("getsockname", GETSOCKNAME, fd, address);
    }

    /** Fills {@code address} (a {@code sockaddr_in}) with the address of the socket's peer. */
    static void getpeername(int fd, MemorySegment address) throws NativeCallException {
        addressOf("getpeername", GETPEERNAME, fd, address);
    }

    private static void addressOf(String call, MethodHandle handle, int fd, MemorySegment address)
            throws NativeCallException {
        MemorySegment state = STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) address.byteSize());
            checked(call, (int) handle.invokeExact(state, fd, address, length), state);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(call, e);
        }
    }

    // tag::read[]
    /**
     * Reads up to {@code length} bytes into {@code buffer}: the number read, 0 at end of stream (the peer sends
     * nothing more), or {@link #WOULD_BLOCK} when nothing is there to read now (EAGAIN).
     */
    static int read(int fd, MemorySegment buffer, int length) throws NativeCallException {
        MemorySegment state = STATE.get();
        long result;
        try {
            result = (long) READ.invokeExact(state, fd, buffer, (long) length);
        } catch (Throwable e) {
            throw unexpected("read", e);
        }
        if (result == -1 && errno(state) == Errno.EAGAIN) {
            return WOULD_BLOCK;
        }
        return checked("read", (int) result, state);
    }
    // end::read[]

    /** Writes up to {@code length} bytes: the number written, or {@link #WOULD_BLOCK} when the send buffer is full. */
    static int write(int fd, MemorySegment buffer, int length) throws NativeCallException {
        MemorySegment state = STATE.get();
        long result;
        try {
            result = (long) WRITE.invokeExact(state, fd, buffer, (long) length);
        } catch (Throwable e) {
            throw unexpected("write", e);
        }
        if (result == -1 && errno(state) == Errno.EAGAIN) {
            return WOULD_BLOCK;
        }
        return checked("write", (int) result, state);
    }

    static void close(int fd) throws NativeCallException {
        MemorySegment state = STATE.get();
        try {
            checked("close", (int) CLOSE.invokeExact(state, fd), state);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected("close", e);
        }
    }

    static int epollCreate1(int flags) throws NativeCallException {
        MemorySegment state = STATE.get();
        try {
            return checked("epoll_create1", (int) EPOLL_CREATE1.invokeExact(state, flags), state);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected("epoll_create1", e);
        }
    }

    /** {@code event} is one {@code struct epoll_event}; {@link MemorySegment#NULL} for {@code EPOLL_CTL_DEL}. */
    static void epollCtl(int epfd, int op, int fd, MemorySegment event) throws NativeCallException {
        MemorySegment state = STATE.get();
        try {
            checked("epoll_ctl", (int) EPOLL_CTL.invokeExact(state, epfd, op, fd, event), state);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected("epoll_ctl", e);
        }
    }

    /**
     * Waits for events, writing up to {@code maxEvents} of them into {@code events}: how many it wrote, 0 when the
     * timeout passed (-1 waits forever) or a signal interrupted the wait (EINTR, which epoll_wait(2) says to retry).
     */
    static int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) throws NativeCallException {
        MemorySegment state = STATE.get();
        int result;
        try {
            result = (int) EPOLL_WAIT.invokeExact(state, epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable e) {
            throw unexpected("epoll_wait", e);
        }
        if (result == -1 && errno(state) == Errno.EINTR) {
            return 0;
        }
        return checked("epoll_wait", result, state);
    }

    static int eventfd(int initialValue, int flags) throws NativeCallException {
        MemorySegment state = STATE.get();
        try {
            return checked("eventfd", (int) EVENTFD.invokeExact(state, initialValue, flags), state);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected("eventfd", e);
        }
    }

    /** A downcall that threw: it cannot (C has no exceptions), so this is a bug in the binding itself. */
    private static IllegalStateException unexpected(String call, Throwable e) {
        return new IllegalStateException("The downcall to " + call + " failed: " + e, e);
    }
}
