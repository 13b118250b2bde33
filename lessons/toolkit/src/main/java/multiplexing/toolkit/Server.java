package multiplexing.toolkit;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A lesson's server: bound as soon as it exists, serving while {@link #serve()} runs, released by {@link #close()}.
 *
 * <p>Binding in the constructor lets a caller ask for port 0 and read the port the system chose from
 * {@link #address()} before any client connects: that is how the tests avoid fixed ports.
 */
public interface Server extends AutoCloseable {

    /** The address actually bound; with port 0, this carries the port the system chose. */
    InetSocketAddress address();

    /**
     * Runs the server's loop on the calling thread until {@link #close()} is called from another thread, then returns
     * normally: an exception thrown after {@code close()} (a closed channel's) is the signal to stop, not an error.
     */
    void serve() throws IOException;

    /**
     * Stops the loop and releases the port: the loop ends soon after (it may still be finishing when this returns),
     * and every connection the server holds is closed, by this method or by the loop on its way out. Safe to call
     * twice, from any thread.
     */
    @Override
    void close();
}
