package multiplexing.lesson10;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import multiplexing.toolkit.Options;
import multiplexing.toolkit.ServerLauncher;
import multiplexing.toolkit.UsageException;

/**
 * {@code main} for both Netty servers: this lesson's own options ({@code --transport}, {@code --threads},
 * {@code --verbose}) are taken out here; the toolkit's ({@code --host}, {@code --port}, {@code --quiet}) go on to
 * {@link ServerLauncher}.
 *
 * @param settings the server's settings, with the transport and thread count asked for
 * @param rest     the arguments left for the toolkit
 * @param help     {@code --help} was given
 */
record NettyCommandLine(Settings settings, String[] rest, boolean help) {

    static void launch(String program, int defaultPort, Settings defaults, String[] args) {
        int status = run(program, defaultPort, defaults, args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Everything {@link #launch} does but exit, so that it can be tested. Returns the exit status. */
    static int run(String program, int defaultPort, Settings defaults, String[] args, PrintStream out,
                   PrintStream err) {
        NettyCommandLine line;
        try {
            line = parse(args, defaults);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(usage(program, defaultPort));
            return 2;
        }
        if (line.help()) {
            out.println(usage(program, defaultPort));
            return 0;
        }
        Transport transport = line.settings().transport();
        if (!transport.isAvailable()) {
            err.println(transport.unavailableSentence());
            return 1;
        }
        out.println(program + ": Netty over " + transport + ", " + line.settings().workers() + " worker event loop(s)");
        ServerLauncher.launch(program, defaultPort,
                (address, log) -> new NettyEchoServer(address, log, line.settings()), line.rest());
        return 0;
    }

    static NettyCommandLine parse(String[] args, Settings defaults) throws UsageException {
        Settings settings = defaults;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--transport" -> settings = settings.withTransport(transportNamed(valueOf(args, ++i, "--transport")));
                case "--threads" -> settings = settings.withWorkers(threads(valueOf(args, ++i, "--threads")));
                case "--verbose" -> settings = settings.withVerbose(true);
                case "--help", "-h" -> {
                    return new NettyCommandLine(settings, new String[0], true);
                }
                default -> rest.add(args[i]);
            }
        }
        return new NettyCommandLine(settings, rest.toArray(String[]::new), false);
    }

    static String usage(String program, int defaultPort) {
        return Options.usage(program, defaultPort, true) + System.lineSeparator()
                + "  [--transport " + names() + "]  how the event loops wait for sockets (default: "
                + Transport.best() + ", the best one available here)" + System.lineSeparator()
                + "  [--threads N]  worker event loops (default: " + Settings.ECHO.workers() + ", the cores)"
                + System.lineSeparator()
                + "  [--verbose]  log every connection and close";
    }

    private static Transport transportNamed(String name) throws UsageException {
        Optional<Transport> transport = Transport.named(name);
        if (transport.isEmpty()) {
            throw new UsageException("--transport takes one of " + names() + ", not '" + name + "'.");
        }
        return transport.get();
    }

    private static int threads(String text) throws UsageException {
        try {
            int threads = Integer.parseInt(text);
            if (threads >= 1 && threads <= 1024) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // falls through to the same sentence as an out-of-range number
        }
        throw new UsageException("--threads takes a number from 1 to 1024, not '" + text + "'.");
    }

    private static String valueOf(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a value.");
        }
        return args[index];
    }

    private static String names() {
        return Arrays.stream(Transport.values()).map(Transport::optionName).collect(Collectors.joining("|"));
    }
}
