package multiplexing.lesson08;

import java.io.IOException;
import java.net.InetSocketAddress;
import multiplexing.toolkit.EventLog;

/**
 * The seed's second server (uppercase, port 8080) over several reactors: {@link MultiReactorEchoServer}, replying
 * with the letters a to z uppercased and every other byte unchanged, as Python's {@code bytes.upper()} does.
 */
public final class MultiReactorUppercaseServer {

    private MultiReactorUppercaseServer() {
    }

    /** A bound uppercase server with one reactor per core: the {@code ServerFactory} the tests use. */
    public static MultiReactorEchoServer open(InetSocketAddress bindAddress, EventLog log) throws IOException {
        return new MultiReactorEchoServer(bindAddress, log, Settings.UPPERCASE, Layout.perCore());
    }

    public static void main(String[] args) {
        ReactorOptions.launch("MultiReactorUppercaseServer", 8080, Settings.UPPERCASE, args);
    }
}
