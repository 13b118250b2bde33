package multiplexing.lesson07;

import java.io.IOException;
import java.net.InetSocketAddress;
import multiplexing.toolkit.EventLog;

/**
 * The seed's second server (uppercase, port 8080), made robust: {@link RobustEchoServer}'s loop, replying with the
 * letters a to z uppercased and every other byte unchanged, as Python's {@code bytes.upper()} does.
 */
public final class RobustUppercaseServer {

    private RobustUppercaseServer() {
    }

    /** A bound uppercase server: the {@code ServerFactory} the tests use. */
    public static RobustEchoServer open(InetSocketAddress bindAddress, EventLog log) throws IOException {
        return new RobustEchoServer(bindAddress, log, Settings.UPPERCASE);
    }

    public static void main(String[] args) {
        RobustEchoServer.launch("RobustUppercaseServer", 8080, Settings.UPPERCASE, args);
    }
}
