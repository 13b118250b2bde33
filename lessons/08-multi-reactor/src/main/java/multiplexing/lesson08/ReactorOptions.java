package multiplexing.lesson08;

import java.util.ArrayList;
import java.util.List;
import multiplexing.toolkit.Options;
import multiplexing.toolkit.ServerLauncher;
import multiplexing.toolkit.UsageException;

/**
 * The options this lesson adds to the toolkit's {@code --host --port --quiet}: {@code --reactors N},
 * {@code --reuseport}, {@code --stats} and {@code --verbose}. They are taken out of the command line here; the rest
 * goes to the toolkit's launcher, which binds, prints the address and serves.
 *
 * @param layout  how many reactors and how connections reach them
 * @param verbose log every connection, read, write and close, each line naming its reactor
 * @param rest    the arguments left for the toolkit's launcher
 */
record ReactorOptions(Layout layout, boolean verbose, List<String> rest) {

    static final String EXTRA_USAGE = String.join(System.lineSeparator(),
            "  --reactors N  how many event loops (default: one per core, here "
                    + Layout.perCore().reactors() + ")",
            "  --reuseport   every reactor listens on the port itself (SO_REUSEPORT); no acceptor thread",
            "  --stats       on close, print how many connections each reactor served",
            "  --verbose     log every connection, read, write and close, naming the reactor (printing costs)");

    static ReactorOptions parse(String[] args) throws UsageException {
        Layout layout = Layout.perCore();
        boolean verbose = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reactors" -> layout = new Layout(reactorsOf(args, ++i), layout.reusePort(), layout.stats());
                case "--reuseport" -> layout = layout.withReusePort(true);
                case "--stats" -> layout = layout.withStats(true);
                case "--verbose" -> verbose = true;
                default -> rest.add(args[i]);
            }
        }
        return new ReactorOptions(layout, verbose, List.copyOf(rest));
    }

    private static int reactorsOf(String[] args, int index) throws UsageException {
        String text = index < args.length ? args[index] : "";
        try {
            int reactors = Integer.parseInt(text);
            if (reactors >= 1 && reactors <= Layout.MAX_REACTORS) {
                return reactors;
            }
        } catch (NumberFormatException e) {
            // falls through to the same sentence as an out-of-range number
        }
        throw new UsageException("--reactors takes a whole number from 1 to " + Layout.MAX_REACTORS
                + (text.isEmpty() ? "." : ", not '" + text + "'."));
    }

    /** {@code main} for both servers of the lesson: this lesson's options, then the toolkit's launcher. */
    static void launch(String program, int defaultPort, Settings settings, String[] args) {
        String usage = Options.usage(program, defaultPort, true)
                + " [--reactors N] [--reuseport] [--stats] [--verbose]" + System.lineSeparator() + EXTRA_USAGE;
        ReactorOptions options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        if (options.rest().contains("--help") || options.rest().contains("-h")) {
            System.out.println(usage);
            return;
        }
        Settings chosen = settings.withVerbose(options.verbose());
        ServerLauncher.launch(program, defaultPort,
                (address, log) -> new MultiReactorEchoServer(address, log, chosen, options.layout()),
                options.rest().toArray(String[]::new));
    }
}
