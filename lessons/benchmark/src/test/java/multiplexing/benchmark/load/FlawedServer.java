package multiplexing.benchmark.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import multiplexing.toolkit.Quietly;

/**
 * A small blocking server for the load generator's tests, one virtual thread per connection, whose replies a test
 * chooses: a correct echo that counts every byte, or one with a flaw (a changed byte, a reset, a stall, silence).
 */
final class FlawedServer implements AutoCloseable {

    /** What a connection does with the bytes it reads; {@code received} counts every byte before this one. */
    interface Replies {
        void handle(Socket socket, InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    final AtomicLong received = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FlawedServer(Replies replies) throws IOException {
        listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket socket = listener.accept();
                    sockets.add(socket);
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            replies.handle(socket, socket.getInputStream(), socket.getOutputStream());
                        } catch (IOException | InterruptedException e) {
                            // the client left, or the test closed the server
                        }
                    });
                }
            } catch (IOException closed) {
                // close() ends the accept loop
            }
        });
    }

    /** Echoes every byte back, counting them both ways; {@code flaw} may change the reply first. */
    static FlawedServer echo(Flaw flaw) throws IOException {
        FlawedServer[] server = new FlawedServer[1];
        server[0] = new FlawedServer((socket, in, out) -> {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                long before = server[0].received.getAndAdd(n);
                if (!flaw.apply(socket, buffer, n, before)) {
                    return;
                }
                out.write(buffer, 0, n);
                server[0].sent.addAndGet(n);
            }
        });
        return server[0];
    }

    /** Changes, delays or cuts a reply; returns false to end the connection without replying. */
    interface Flaw {
        Flaw NONE = (socket, buffer, n, receivedBefore) -> true;

        boolean apply(Socket socket, byte[] buffer, int n, long receivedBefore)
                throws IOException, InterruptedException;

        /**
         * Holds back the reply to the bytes that arrive after the first {@code size} bytes (the first exchange) for
         * {@code millis}: a server that stalls once, as a garbage collection pause or a slow disk would make it.
         */
        static Flaw stallsOnceAfterFirstExchange(int size, long millis) {
            return (socket, buffer, n, before) -> {
                if (before < 2L * size && before + n > size) {
                    Thread.sleep(millis); // the stall is the behaviour under test, not a wait for something
                }
                return true;
            };
        }

        /** Takes {@code millis} over every reply: a server slower than the rate a test offers it. */
        static Flaw slow(long millis) {
            return (socket, buffer, n, before) -> {
                Thread.sleep(millis); // the slowness is the behaviour under test, not a wait for something
                return true;
            };
        }

        /** Answers the first exchange of {@code size} bytes, then never again while the test lasts. */
        static Flaw silentAfterFirstExchange(int size) {
            return (socket, buffer, n, before) -> {
                if (before >= size) {
                    Thread.sleep(10_000); // longer than any test's timeout: the reply never comes
                }
                return true;
            };
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    @Override
    public void close() {
        Quietly.close(listener);
        sockets.forEach(Quietly::close);
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
