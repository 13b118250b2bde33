package multiplexing.lesson08;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * How the loop takes a connection from the listen queue. The server uses the channel's own {@code accept()}; the
 * tests swap in one that fails with "Too many open files", which a test cannot safely cause for real.
 */
@FunctionalInterface
interface Acceptor {

    Acceptor SYSTEM = ServerSocketChannel::accept;

    /** A newly connected channel, or null when the listen queue is empty. */
    SocketChannel accept(ServerSocketChannel listener) throws IOException;
}
