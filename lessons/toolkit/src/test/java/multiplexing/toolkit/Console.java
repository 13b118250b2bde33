package multiplexing.toolkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/** What a command-line program under test prints, captured: its standard output and its error output. */
final class Console {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    PrintStream out() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    PrintStream err() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A loopback port nobody listens on: it was free a moment ago, and nothing here binds it again. */
    static int portWithNoServer() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
