package multiplexing.toolkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Opens N connections to a server and holds them, idle, until Enter is pressed or a time limit passes; then closes
 * them. While they are open you can measure what N idle clients cost the server (threads, memory, CPU): lessons 02
 * and 03 do.
 */
public final class IdleClients {

    private static final String PROGRAM = "IdleClients";
    private static final int DEFAULT_PORT = 8888;
    private static final int DEFAULT_COUNT = 100;
    private static final int MAX_COUNT = 10_000;
    private static final int DEFAULT_SECONDS = 300;
    private static final int MAX_SECONDS = 3_600;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private IdleClients() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Everything {@link #main} does but exit. Returns the exit status: 1 if a connection failed, 2 for bad usage. */
    static int run(String[] args, InputStream keyboard, PrintStream out, PrintStream err) {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(usage());
            return 2;
        }
        if (settings.help()) {
            out.println(usage());
            return 0;
        }
        List<Socket> connections = new ArrayList<>(settings.count());
        try {
            for (int i = 1; i <= settings.count(); i++) {
                try {
                    connections.add(connect(settings.server()));
                } catch (IOException e) {
                    err.printf("Connection %,d of %,d to %s failed: %s%n", i, settings.count(),
                            Addresses.format(settings.server()), problem(e));
                    return 1;
                }
            }
            out.printf("%s open to %s. They stay idle until you press Enter, or for %,d s at most.%n",
                    connections(connections.size()), Addresses.format(settings.server()), settings.seconds());
            awaitEnterOrTimeout(keyboard, settings.seconds());
            out.printf("Closing %s.%n", connections(connections.size()));
            return 0;
        } finally {
            connections.forEach(Quietly::close);
        }
    }

    static String usage() {
        return "Usage: " + PROGRAM + " [--host HOST] [--port PORT] [--count N] [--seconds S]   (defaults: --host "
                + Options.DEFAULT_HOST + " --port " + DEFAULT_PORT + " --count " + DEFAULT_COUNT + " --seconds "
                + DEFAULT_SECONDS + "; N up to " + MAX_COUNT + ", S up to " + MAX_SECONDS + ")";
    }

    private static String connections(int count) {
        return String.format(count == 1 ? "%,d connection" : "%,d connections", count);
    }

    private static Socket connect(InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(server, CONNECT_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String problem(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused. Is the server running?";
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("Too many open files")
                ? message + ". Each connection is a file descriptor: see ulimit -n." : message + ".";
    }

    /**
     * Returns when a line is typed or after {@code seconds}. If the input is closed (no terminal, as in a script),
     * only the time limit ends the wait.
     */
    private static void awaitEnterOrTimeout(InputStream keyboard, int seconds) {
        CountDownLatch enter = new CountDownLatch(1);
        Thread.ofPlatform().name("keyboard").daemon().start(() -> {
            try {
                for (int b; (b = keyboard.read()) != -1; ) {
                    if (b == '\n') {
                        enter.countDown();
                        return;
                    }
                }
            } catch (IOException e) {
                // No keyboard: the time limit ends the wait.
            }
        });
        try {
            enter.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command line: the shared {@code --host} and {@code --port}, plus {@code --count} and {@code --seconds}. */
    private record Settings(InetSocketAddress server, int count, int seconds, boolean help) {

        static Settings parse(String[] args) throws UsageException {
            int count = DEFAULT_COUNT;
            int seconds = DEFAULT_SECONDS;
            List<String> shared = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--count" -> count = numberOf(args, ++i, "--count", 1, MAX_COUNT);
                    case "--seconds" -> seconds = numberOf(args, ++i, "--seconds", 1, MAX_SECONDS);
                    default -> shared.add(args[i]);
                }
            }
            Options options = Options.parse(shared.toArray(String[]::new), DEFAULT_PORT, false);
            if (options.help()) {
                return new Settings(null, count, seconds, true);
            }
            if (options.port() == 0) {
                throw new UsageException("--port 0 lets a server choose its port: give the port the server printed.");
            }
            return new Settings(options.address(), count, seconds, false);
        }

        private static int numberOf(String[] args, int index, String option, int min, int max)
                throws UsageException {
            if (index >= args.length) {
                throw new UsageException(option + " needs a value.");
            }
            try {
                int value = Integer.parseInt(args[index]);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // falls through to the same sentence as an out-of-range number
            }
            throw new UsageException(String.format("%s takes a number from %d to %d, not '%s'.", option, min, max,
                    args[index]));
        }
    }
}
