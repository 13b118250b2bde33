package multiplexing.testkit;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * File descriptors: every socket is one, and a process may open only so many ({@code ulimit -n}). A test that opens
 * a thousand connections checks first, so that a low limit fails it with a sentence instead of a hang.
 */
public final class Descriptors {

    /** What the JVM, the build and the test framework keep open besides the test's sockets. */
    private static final int MARGIN = 200;

    private Descriptors() {
    }

    /** Fails unless this process can open {@code connections} more connections, both of their ends. */
    public static void requireRoomFor(int connections) {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix)) {
            return; // not a Unix: no descriptor limit to check
        }
        long needed = 2L * connections + MARGIN; // the client and the server end both live in this JVM
        long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
        if (free < needed) {
            fail(String.format("This test opens %,d connections, which needs about %,d file descriptors (the client"
                    + " and the server end are both in this process), but only %,d of %,d are free. Raise the"
                    + " limit, for example with 'ulimit -n 4096' in the shell that runs Maven.",
                    connections, needed, free, unix.getMaxFileDescriptorCount()));
        }
    }
}
