package multiplexing.lesson02;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Listeners;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerLauncher;

/** Blocking calls, one platform thread per connection: the accept loop only accepts, each client gets a thread. */
public final class ThreadPerConnectionEchoServer implements Server {

    private static final int BACKLOG = 50;
    /** A thread whose socket is closed leaves its blocked read at once; this only bounds a broken case. */
    private static final Duration THREAD_END_DEADLINE = Duration.ofSeconds(5);

    private final ServerSocket listener;
    private final EventLog log;
    /** Every open connection and the thread serving it: what close() must close and wait for. */
    private final Map<Socket, Thread> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    static {
        // close() must work even when the process has no file descriptor left, and loading a class from the class
        // path takes one (to open the file): load the helper it calls now, not at the first close().
        Quietly.close(null);
    }

    public ThreadPerConnectionEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this.log = log;
        this.listener = Listeners.bind(bindAddress, BACKLOG);
    }

    public static void main(String[] args) {
        ServerLauncher.launch("ThreadPerConnectionEchoServer", 8888, ThreadPerConnectionEchoServer::new, args);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The threads serving a connection right now, one per open connection (a snapshot, for tests and tools). */
    public List<Thread> connectionThreads() {
        return List.copyOf(connections.values());
    }

    @Override
    public void serve() throws IOException {
        while (true) {
            Socket client;
            try {
                client = listener.accept(); // blocks until a client connects
            } catch (SocketException e) {
                if (closed) {
                    return; // close() closed the listener to wake us up
                }
                throw e;
            }
            try {
                startThreadFor(client); // and straight back to accept(): this thread serves nobody
            } catch (RuntimeException | Error e) { // no thread for this client (a thread limit): forget it, then die
                connections.remove(client);
                Quietly.close(client);
                throw e;
            }
        }
    }

    // tag::thread-per-client[]
    private void startThreadFor(Socket client) {
        String peer = Addresses.format((InetSocketAddress) client.getRemoteSocketAddress());
        Thread thread = Thread.ofPlatform().name("echo " + peer).unstarted(() -> serveUntilItLeaves(client, peer));
        connections.put(client, thread); // recorded before it runs, so that close() finds every thread
        if (closed) {                    // close() has begun, and its snapshot may have missed this client:
            connections.remove(client);  // then this thread never runs
            Quietly.close(client);
            return;
        }
        thread.start();                  // start(), not run(): run() would serve the client on this thread
    }
    // end::thread-per-client[]

    // tag::serve-one[]
    private void serveUntilItLeaves(Socket client, String peer) {
        log.log("Connected: " + peer + " on a thread of its own (open connections: " + connections.size() + ")");
        try (client) {
            // Lesson 01's echo loop, as one call: read, write back the n bytes read, until read returns -1.
            client.getInputStream().transferTo(client.getOutputStream());
            log.log("Closed by the client: " + peer);
        } catch (IOException e) {
            // This client's connection broke (reset, broken pipe, or close() closed it): its thread ends here.
            log.log("Connection lost: " + peer + " (" + e.getMessage() + ")");
        } finally {
            connections.remove(client);
        }
    }
    // end::serve-one[]

    // tag::close[]
    @Override
    public void close() {
        closed = true;
        Quietly.close(listener);
        Map<Socket, Thread> open = Map.copyOf(connections);
        // A thread blocked in read() or write() on a socket that is closed gets a SocketException and ends.
        open.keySet().forEach(Quietly::close);
        awaitEnd(open);
    }
    // end::close[]

    /**
     * Waits until every thread of the snapshot has ended, so that none outlives the server. Gives up, and says so in
     * the log, after the deadline, or at once if the waiting thread is interrupted.
     */
    private void awaitEnd(Map<Socket, Thread> open) {
        long deadline = System.nanoTime() + THREAD_END_DEADLINE.toNanos();
        try {
            for (Map.Entry<Socket, Thread> connection : open.entrySet()) {
                Thread thread = connection.getValue();
                // Recorded but not started yet: startThreadFor saw closed false and is about to start it, or it
                // failed to start and its entry is about to go. join() would return at once on a thread in that
                // state, so wait, a few microseconds, until it is one or the other.
                while (thread.getState() == Thread.State.NEW && connections.get(connection.getKey()) == thread
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // whoever interrupted us wants us gone: stop waiting
        }
        long running = open.values().stream().filter(Thread::isAlive).count();
        if (running > 0) {
            log.log("close() returns with " + running + " connection threads still running: they did not end within "
                    + THREAD_END_DEADLINE.toSeconds() + " s of their sockets being closed");
        }
    }
}
