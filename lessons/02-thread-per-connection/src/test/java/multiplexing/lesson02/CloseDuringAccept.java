package multiplexing.lesson02;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import multiplexing.testkit.RecordingLog;
import multiplexing.toolkit.Addresses;

/**
 * One round of the race between {@code accept()} and {@code close()}: a burst of clients connects to a fresh server,
 * and the server is closed while its accept loop is still starting their threads.
 *
 * <p>The clients' handshakes are completed by the kernel before the server accepts them, so when {@code close()}
 * runs, the accept loop is busy with the burst: it has just accepted a client, or is creating, recording or starting
 * its thread. Whatever the interleaving, a correct server leaves nothing behind, so a round can only fail on a bug.
 */
final class CloseDuringAccept implements AutoCloseable {

    /** Long enough for a correct server's answers (milliseconds) on the slowest machine; short enough to fail fast. */
    private static final int READ_TIMEOUT_MILLIS = 3_000;

    private final RecordingLog log = new RecordingLog();
    private final ThreadPerConnectionEchoServer server;
    private final Thread loop;
    private final List<Socket> clients = new ArrayList<>();
    private volatile Throwable loopFailure;
    private int linesWhenCloseReturned = -1;

    CloseDuringAccept() throws IOException {
        server = new ThreadPerConnectionEchoServer(new InetSocketAddress("127.0.0.1", 0), log);
        loop = Thread.ofPlatform().name("close-race accept loop").daemon().start(this::serveQuietly);
    }

    /** Connects {@code burst} clients and closes the server at once; returns the problems seen when close() returned. */
    List<String> run(int burst) throws IOException {
        for (int i = 0; i < burst; i++) {
            clients.add(new Socket(server.address().getAddress(), server.address().getPort()));
        }
        server.close();
        linesWhenCloseReturned = log.lines().size();
        if (loopFailure != null) {
            throw new AssertionError("The accept loop stopped with " + loopFailure, loopFailure);
        }
        Set<String> names = clients.stream()
                .map(client -> "echo " + Addresses.format((InetSocketAddress) client.getLocalSocketAddress()))
                .collect(Collectors.toSet());
        List<Thread> recorded = server.connectionThreads();
        List<String> problems = new ArrayList<>(Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> names.contains(thread.getName()))
                .map(thread -> recorded.contains(thread)
                        ? "thread \"" + thread.getName() + "\" still ran, recorded in connections: close() must close"
                                + " the socket of every connection in its snapshot, then wait for each thread (awaitEnd)"
                        : "thread \"" + thread.getName() + "\" still ran, not recorded in connections: startThreadFor"
                                + " must record a thread before starting it, and not start it once closed is true")
                .toList());
        server.connectionThreads().forEach(thread -> problems.add("connections still held \"" + thread.getName()
                + "\" (" + thread.getState() + "): a thread that is not started must not stay recorded"));
        return problems;
    }

    /** What the clients saw after close() returned: each must find its connection ended by the server. */
    List<String> clientsLeftOpen() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Socket client : clients) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            try (InputStream in = client.getInputStream()) {
                int first = in.read();
                if (first != -1) {
                    problems.add("client " + client.getLocalPort() + " read a byte from a closed server");
                }
            } catch (SocketTimeoutException e) {
                problems.add("the connection of client " + client.getLocalPort() + " was still open "
                        + READ_TIMEOUT_MILLIS / 1000 + " s after close() returned");
            } catch (SocketException e) {
                // A reset: the client was still in the listen queue when the listener closed. Ended, as it should.
            }
        }
        return problems;
    }

    /** Lines a connection thread logged after close() had returned: a thread close() did not wait for. */
    List<String> linesAfterClose() {
        List<String> lines = log.lines();
        return lines.subList(linesWhenCloseReturned, lines.size());
    }

    /** True once the accept loop has returned; a correct serve() returns as soon as close() closed the listener. */
    boolean loopEnded(long millis) throws InterruptedException {
        return loop.join(Duration.ofMillis(millis));
    }

    @Override
    public void close() {
        if (linesWhenCloseReturned < 0) {
            server.close(); // run() did not get that far
        }
        for (Socket client : clients) {
            try {
                client.close();
            } catch (IOException e) {
                // the test is over for this client
            }
        }
    }

    private void serveQuietly() {
        try {
            server.serve();
        } catch (IOException | RuntimeException | Error e) {
            loopFailure = e; // run() reports it: an unfinished exercise's Todo is the message to see
        }
    }
}
