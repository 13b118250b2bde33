package multiplexing.lesson11;

/**
 * How the loop takes a connection from the listen queue. The server calls accept4 through {@link Sockets}; the tests
 * swap in one that fails with EMFILE ("Too many open files"), which a test cannot safely cause for real.
 */
@FunctionalInterface
interface Acceptor {

    Acceptor SYSTEM = Sockets::accept;

    /** A new connection's descriptor, or {@link Libc#WOULD_BLOCK} when the listen queue is empty. */
    int accept(int listenerFd) throws NativeCallException;
}
