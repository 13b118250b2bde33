package multiplexing.lesson11;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * TCP sockets on descriptors: what {@code ServerSocketChannel} and {@code SocketChannel} do for the other lessons,
 * written out. IPv4 only ({@code struct sockaddr_in}), which is all the course's servers bind by default.
 */
final class Sockets {

    static final int AF_INET = 2;
    static final int SOCK_STREAM = 1;
    /** Flags of socket(2) and accept4(2): set at creation, so no separate fcntl call is needed. */
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_SNDBUF = 7;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    /** {@code struct sockaddr_in}: family (native order), port and address (network order), 8 bytes of zeros. */
    private static final int SOCKADDR_IN_SIZE = 16;

    private Sockets() {
    }

    // tag::listen[]
    /** A non-blocking listening socket bound to {@code address}: socket, setsockopt, bind, listen. */
    static int listen(InetSocketAddress address, int backlog) throws IOException {
        if (!(address.getAddress() instanceof Inet4Address)) {
            throw new IOException("this lesson binds IPv4 addresses only, and " + address.getAddress()
                    .getHostAddress() + " is not one");
        }
        int fd = Libc.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            Libc.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1); // as the seed: restart at once, despite TIME_WAIT
            Libc.bind(fd, sockaddrIn(arena, address));
            Libc.listen(fd, backlog); // the length of the accept queue, not a limit on clients
            return fd;
        } catch (NativeCallException e) {
            closeQuietly(fd);
            if (e.errno() == Errno.EADDRINUSE) {
                BindException inUse = new BindException("Address already in use (" + e.getMessage() + ")");
                inUse.initCause(e);
                throw inUse;
            }
            throw e;
        }
    }
    // end::listen[]

    /** A new connection's descriptor (non-blocking), or {@link Libc#WOULD_BLOCK} when the listen queue is empty. */
    static int accept(int listenerFd) throws NativeCallException {
        return Libc.accept4(listenerFd, SOCK_NONBLOCK | SOCK_CLOEXEC);
    }

    static void setOption(int fd, int level, int option, int value) throws NativeCallException {
        Libc.setsockopt(fd, level, option, value);
    }

    static InetSocketAddress localAddress(int fd) throws NativeCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(SOCKADDR_IN_SIZE);
            Libc.getsockname(fd, address);
            return decode(address);
        }
    }

    static InetSocketAddress peerAddress(int fd) throws NativeCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(SOCKADDR_IN_SIZE);
            Libc.getpeername(fd, address);
            return decode(address);
        }
    }

    /** Closes {@code fd} where a failure to close changes nothing for the caller. */
    static void closeQuietly(int fd) {
        try {
            Libc.close(fd);
        } catch (NativeCallException e) {
            // Nothing useful can be done about it; the descriptor is released either way (close(2), NOTES).
        }
    }

    private static MemorySegment sockaddrIn(Arena arena, InetSocketAddress address) {
        MemorySegment sockaddr = arena.allocate(SOCKADDR_IN_SIZE); // zeroed
        sockaddr.set(JAVA_SHORT, 0, (short) AF_INET);
        sockaddr.set(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) address.getPort());
        MemorySegment.copy(address.getAddress().getAddress(), 0, sockaddr, JAVA_BYTE, 4, 4);
        return sockaddr;
    }

    private static InetSocketAddress decode(MemorySegment sockaddr) {
        int port = Short.toUnsignedInt(sockaddr.get(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2));
        byte[] ip = sockaddr.asSlice(4, 4).toArray(JAVA_BYTE);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
