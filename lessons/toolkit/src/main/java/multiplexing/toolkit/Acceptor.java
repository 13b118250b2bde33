package multiplexing.toolkit;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * How a selector loop takes a connection from the listen queue (lessons 07 and 08). The server uses the channel's own
 * {@code accept()}; the tests swap in a {@link FlakyAcceptor}, which fails with "Too many open files" as a test cannot
 * safely make the system do.
 */
@FunctionalInterface
public interface Acceptor {

    Acceptor SYSTEM = ServerSocketChannel::accept;

    /** A newly connected channel, or null when the listen queue is empty. */
    SocketChannel accept(ServerSocketChannel listener) throws IOException;
}
