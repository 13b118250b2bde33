package multiplexing.lesson09;

import java.io.IOException;
import java.net.InetSocketAddress;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Listeners;
import multiplexing.toolkit.ServerLauncher;

/**
 * The seed's second server (uppercase, port 8080) on virtual threads: {@link VirtualThreadEchoServer}, replying with
 * the letters a to z uppercased and every other byte unchanged, as Python's {@code bytes.upper()} does.
 */
public final class VirtualThreadUppercaseServer {

    private VirtualThreadUppercaseServer() {
    }

    /** A bound uppercase server: the {@code ServerFactory} the tests use. */
    public static VirtualThreadEchoServer open(InetSocketAddress bindAddress, EventLog log) throws IOException {
        return new VirtualThreadEchoServer(Listeners.bind(bindAddress, VirtualThreadEchoServer.BACKLOG), log,
                VirtualThreadEchoServer.Reply.UPPERCASE, VirtualThreadEchoServer.ACCEPT_PAUSE);
    }

    public static void main(String[] args) {
        ServerLauncher.launch("VirtualThreadUppercaseServer", 8080, VirtualThreadUppercaseServer::open, args);
    }
}
