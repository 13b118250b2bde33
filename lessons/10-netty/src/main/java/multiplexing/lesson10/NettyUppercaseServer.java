package multiplexing.lesson10;

import java.io.IOException;
import java.net.InetSocketAddress;
import multiplexing.toolkit.EventLog;

/**
 * The seed's second server (uppercase, port 8080) on Netty: {@link NettyEchoServer} with one more handler in the
 * pipeline, which uppercases the letters a to z of every read in place, as Python's {@code bytes.upper()} does.
 */
public final class NettyUppercaseServer {

    static final Settings UPPERCASE = Settings.ECHO.withUppercase(true);

    private NettyUppercaseServer() {
    }

    /** A bound uppercase server over the best transport available: the {@code ServerFactory} the tests use. */
    public static NettyEchoServer open(InetSocketAddress bindAddress, EventLog log) throws IOException {
        return new NettyEchoServer(bindAddress, log, UPPERCASE);
    }

    public static void main(String[] args) {
        NettyCommandLine.launch("NettyUppercaseServer", 8080, UPPERCASE, args);
    }
}
