package multiplexing.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;

/**
 * An echo server with one chosen bug (or none): the contracts must pass on {@link Flaw#NONE} (a thread per
 * connection) and fail on each flaw (served one client at a time, so that the failure does not depend on timing),
 * or they are not testing what they claim.
 */
final class FlawedEchoServer implements Server {

    enum Flaw {
        /** A correct echo server. */
        NONE,
        /** Writes the whole buffer instead of the n bytes read. */
        WHOLE_BUFFER,
        /** Decodes the bytes as UTF-8 and encodes them again: invalid sequences become U+FFFD. */
        DECODES_TEXT,
        /** Lets a client's broken connection stop the whole server. */
        DIES_WITH_A_CLIENT,
        /** Ignores end of stream from the client and keeps the connection open. */
        NEVER_CLOSES,
        /** Correct, but serves one client at a time (as a loop that calls run() instead of start() would). */
        SERIAL,
        /** The loop dies of an exception without a message, thrown in the server's own code. */
        DIES_WITHOUT_A_MESSAGE,
        /** The loop goes on after close(): it takes the closed listener's failure for a passing problem. */
        IGNORES_CLOSE,
        /** The loop passes on the exception of the listener that close() closed, instead of returning. */
        THROWS_AFTER_CLOSE
    }

    /** How long a loop that ignores close() goes on, so that the test JVM does not keep it forever. */
    private static final long IGNORED_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ServerSocket listener;
    private final Flaw flaw;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    FlawedEchoServer(InetSocketAddress bindAddress, Flaw flaw) throws IOException {
        this.flaw = flaw;
        this.listener = new ServerSocket();
        listener.bind(bindAddress);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public void serve() throws IOException {
        if (flaw == Flaw.IGNORES_CLOSE) {
            serveIgnoringClose();
            return;
        }
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.add(client);
                if (flaw == Flaw.DIES_WITHOUT_A_MESSAGE) {
                    throw new UnsupportedOperationException();
                }
                if (flaw == Flaw.NONE || flaw == Flaw.THROWS_AFTER_CLOSE) {
                    // A thread per client: the loop is back in accept() long before the test closes the server.
                    Thread.ofVirtual().start(() -> serve(client));
                } else {
                    // One client at a time: the flaw strikes before the next client is served, on every run.
                    serve(client);
                }
            } catch (IOException e) {
                if (flaw == Flaw.THROWS_AFTER_CLOSE) {
                    throw e; // the mistake: "Socket closed" is how a closed server's loop learns to stop
                }
                return; // closed
            }
        }
    }

    private void serveIgnoringClose() {
        long end = System.nanoTime() + IGNORED_CLOSE_NANOS;
        while (System.nanoTime() - end < 0) {
            try {
                Socket client = listener.accept();
                connections.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                LockSupport.parkNanos(10_000_000); // "try again": the mistake
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            echo(client.getInputStream(), client.getOutputStream());
            if (flaw == Flaw.NEVER_CLOSES) {
                client.getInputStream().read(); // returns -1 again at once; then wait for a close that never comes
                listener.accept().close(); // blocks until the server is closed
            }
        } catch (IOException e) {
            if (flaw == Flaw.DIES_WITH_A_CLIENT) {
                close();
            }
        } finally {
            connections.remove(client);
        }
    }

    private void echo(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) != -1; ) {
            switch (flaw) {
                case WHOLE_BUFFER -> out.write(buffer);
                case DECODES_TEXT -> out.write(new String(buffer, 0, n, StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8));
                default -> out.write(buffer, 0, n);
            }
        }
    }

    @Override
    public void close() {
        Quietly.close(listener);
        connections.forEach(Quietly::close);
    }
}
