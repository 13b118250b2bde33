package multiplexing.toolkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The command line every lesson's server and the interactive client share: {@code --host H --port P [--quiet]}.
 *
 * @param host  where to bind or connect; loopback unless asked otherwise, so nothing is exposed by accident
 * @param port  0 to 65535; for a server, 0 lets the system choose a free port
 * @param quiet no per-event log (servers only)
 * @param help  {@code --help} was given: print the usage line and stop
 */
public record Options(String host, int port, boolean quiet, boolean help) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Parses {@code args}; {@code quietAllowed} is false for programs that have no event log. */
    public static Options parse(String[] args, int defaultPort, boolean quietAllowed) throws UsageException {
        String host = DEFAULT_HOST;
        int port = defaultPort;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = valueOf(args, ++i, "--host");
                case "--port" -> port = portOf(valueOf(args, ++i, "--port"));
                case "--quiet" -> {
                    if (!quietAllowed) {
                        throw new UsageException("Unknown option --quiet.");
                    }
                    quiet = true;
                }
                case "--help", "-h" -> {
                    return new Options(host, port, quiet, true);
                }
                default -> throw new UsageException("Unknown argument '" + args[i] + "'.");
            }
        }
        return new Options(host, port, quiet, false);
    }

    /** The usage line of {@code program}, for {@code --help} and for bad arguments. */
    public static String usage(String program, int defaultPort, boolean quietAllowed) {
        return "Usage: " + program + " [--host HOST] [--port PORT]" + (quietAllowed ? " [--quiet]" : "")
                + "   (defaults: --host " + DEFAULT_HOST + " --port " + defaultPort + ")";
    }

    /** The host resolved: a name that does not resolve is the user's mistake, reported as one sentence. */
    public InetSocketAddress address() throws UsageException {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UsageException("Unknown host '" + host + "'.");
        }
    }

    private static String valueOf(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a value.");
        }
        return args[index];
    }

    private static int portOf(String text) throws UsageException {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the same sentence as an out-of-range number
        }
        throw new UsageException("--port takes a number from 0 to 65535, not '" + text + "'.");
    }
}
