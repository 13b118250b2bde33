package multiplexing.toolkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Talks to any lesson's server from a terminal: what you type is sent, what comes back is printed.
 *
 * <p>Sending and printing run on two threads, because a server may answer late, in pieces, or not at all
 * (lesson 01 does not answer a second client until the first leaves): a client that waited for each reply before
 * reading the next line would hide exactly what the lessons want you to see.
 */
public final class InteractiveClient {

    private static final String PROGRAM = "InteractiveClient";
    private static final int DEFAULT_PORT = 8888;

    private InteractiveClient() {
    }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        System.exit(status);
    }

    /** Everything {@link #main} does but exit. Returns the exit status. */
    static int run(String[] args, InputStream keyboard, PrintStream out, PrintStream err) {
        InetSocketAddress server;
        try {
            Options options = Options.parse(args, DEFAULT_PORT, false);
            if (options.help()) {
                out.println(Options.usage(PROGRAM, DEFAULT_PORT, false));
                return 0;
            }
            server = options.address();
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(Options.usage(PROGRAM, DEFAULT_PORT, false));
            return 2;
        }
        try (Socket socket = new Socket()) {
            socket.connect(server, 5_000);
            out.println("Connected to " + Addresses.format(server)
                    + ". Type a line and press Enter; Ctrl+D (Ctrl+Z on Windows) ends the input.");
            // A daemon: when the server closes, the program ends even while the keyboard is still open.
            Thread.ofPlatform().name("keyboard").daemon().start(() -> sendKeyboard(keyboard, socket, err));
            printReplies(socket, out);
            return 0;
        } catch (ConnectException e) {
            err.println("Cannot connect to " + Addresses.format(server) + ": connection refused. Is the server running?");
            return 1;
        } catch (IOException e) {
            err.println("Connection to " + Addresses.format(server) + " failed: " + e.getMessage() + ".");
            return 1;
        }
    }

    /** Copies the keyboard to the socket; at end of input, half-closes so the server sees end of stream. */
    private static void sendKeyboard(InputStream keyboard, Socket socket, PrintStream err) {
        byte[] buffer = new byte[8192];
        try {
            OutputStream toServer = socket.getOutputStream();
            for (int n; (n = keyboard.read(buffer)) != -1; ) {
                toServer.write(buffer, 0, n);
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            if (!socket.isClosed()) {
                err.println("[sending failed: " + e.getMessage() + "]");
            }
        }
    }

    /** Prints the server's bytes as they arrive, unchanged, until the server closes the connection. */
    private static void printReplies(Socket socket, PrintStream out) throws IOException {
        byte[] buffer = new byte[8192];
        InputStream fromServer = socket.getInputStream();
        for (int n; (n = fromServer.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
            out.flush();
        }
        out.println("[the server closed the connection]");
    }
}
