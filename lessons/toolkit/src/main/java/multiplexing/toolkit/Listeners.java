package multiplexing.toolkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Listening sockets for the blocking servers (lessons 01 and 02). */
public final class Listeners {

    private Listeners() {
    }

    /**
     * A {@link ServerSocket} bound to {@code address}, with room for {@code backlog} connections that the kernel has
     * completed but the server has not accepted yet. If binding fails (port in use), the socket is closed before the
     * exception propagates, so a failed constructor leaks no descriptor.
     */
    public static ServerSocket bind(InetSocketAddress address, int backlog) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(address, backlog);
            return listener;
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }
}
