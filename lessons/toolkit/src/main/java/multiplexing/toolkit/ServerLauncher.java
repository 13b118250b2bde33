package multiplexing.toolkit;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * The body of every lesson's {@code main}: parse the options, bind, print where the server listens, serve until killed.
 *
 * <p>Mistakes a user can make (a bad option, a port in use) end in one sentence and a non-zero exit code, never in a
 * stack trace: exit 2 for bad arguments, 1 when the server cannot listen.
 */
public final class ServerLauncher {

    private ServerLauncher() {
    }

    public static void launch(String program, int defaultPort, ServerFactory factory, String[] args) {
        int status = run(program, defaultPort, factory, args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Everything {@link #launch} does but exit, so that it can be tested. Returns the exit status. */
    static int run(String program, int defaultPort, ServerFactory factory, String[] args,
                   PrintStream out, PrintStream err) {
        Options options;
        InetSocketAddress bindAddress;
        try {
            options = Options.parse(args, defaultPort, true);
            bindAddress = options.address();
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(Options.usage(program, defaultPort, true));
            return 2;
        }
        if (options.help()) {
            out.println(Options.usage(program, defaultPort, true));
            return 0;
        }
        Server server;
        try {
            server = factory.open(bindAddress, options.quiet() ? EventLog.SILENT : EventLog.stdout());
        } catch (Todo e) {
            return unfinished(program, e, err);
        } catch (BindException e) {
            err.println("Cannot listen on " + Addresses.format(bindAddress) + ": " + bindProblem(e, bindAddress));
            return 1;
        } catch (IOException e) {
            err.println("Cannot listen on " + Addresses.format(bindAddress) + ": " + e.getMessage() + ".");
            return 1;
        }
        out.println(program + " listening on " + Addresses.format(server.address()) + " (Ctrl+C to stop)");
        // Ctrl+C runs shutdown hooks: close the server so that its clients see an orderly close.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        try {
            server.serve();
            return 0;
        } catch (IOException e) {
            err.println(program + " stopped: " + e.getMessage() + ".");
            return 1;
        } catch (Todo e) {
            return unfinished(program, e, err);
        } finally {
            server.close();
        }
    }

    /** An unfinished exercise: its message says what to write, which is all the learner needs here. */
    private static int unfinished(String program, Todo todo, PrintStream err) {
        err.println(program + " is not finished yet. " + todo.getMessage());
        return 1;
    }

    private static String bindProblem(BindException e, InetSocketAddress bindAddress) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("in use")) {
            return "port " + bindAddress.getPort() + " is already in use (stop the other server, or pick a free"
                    + " port with --port; --port 0 lets the system choose).";
        }
        return message + ".";
    }
}
