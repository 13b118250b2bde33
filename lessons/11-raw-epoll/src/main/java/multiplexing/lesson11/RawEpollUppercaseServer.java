package multiplexing.lesson11;

import java.io.IOException;
import java.net.InetSocketAddress;
import multiplexing.toolkit.EventLog;

/**
 * The seed's second server (uppercase, port 8080) on raw epoll: {@link RawEpollEchoServer}'s loop, replying with the
 * letters a to z uppercased and every other byte unchanged, as Python's {@code bytes.upper()} does.
 */
public final class RawEpollUppercaseServer {

    private RawEpollUppercaseServer() {
    }

    /** A bound, level-triggered uppercase server: the {@code ServerFactory} the tests use. */
    public static RawEpollEchoServer open(InetSocketAddress bindAddress, EventLog log) throws IOException {
        return new RawEpollEchoServer(bindAddress, log, Settings.UPPERCASE);
    }

    /** A bound uppercase server, edge-triggered. */
    static RawEpollEchoServer openEdgeTriggered(InetSocketAddress bindAddress, EventLog log) throws IOException {
        return new RawEpollEchoServer(bindAddress, log, Settings.UPPERCASE.withTrigger(Trigger.EDGE));
    }

    public static void main(String[] args) {
        RawEpollEchoServer.launch("RawEpollUppercaseServer", 8080, Settings.UPPERCASE, args);
    }
}
