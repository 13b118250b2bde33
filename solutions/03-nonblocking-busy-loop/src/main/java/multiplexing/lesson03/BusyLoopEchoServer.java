package multiplexing.lesson03;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerLauncher;

/** One thread, non-blocking channels, no selector: every pass of the loop tries every channel, ready or not. */
public final class BusyLoopEchoServer implements Server {

    private static final int BACKLOG = 50;
    private static final int BUFFER_SIZE = 8192;
    /** The loop sees closed within one pass, a few microseconds; this only bounds a broken case. */
    private static final Duration LOOP_END_DEADLINE = Duration.ofSeconds(5);

    static {
        // close() must work even when the process has no file descriptor left, and loading a class from the class
        // path takes one (to open the file): load the helper it calls now, not at the first close().
        Quietly.close(null);
    }

    private final ServerSocketChannel listener;
    private final EventLog log;
    /** The open connections. Only the loop's thread touches this list, so it needs no lock. */
    private final List<Connection> connections = new ArrayList<>();
    /** Written by the loop's thread alone, read by any: with one writer, a volatile counter is enough. */
    private volatile long loopIterations;
    private volatile boolean closed;
    /** The thread running serve(), while it runs: close() waits for it. */
    private volatile Thread loopThread;

    public BusyLoopEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this.log = log;
        this.listener = ServerSocketChannel.open();
        try {
            listener.bind(bindAddress, BACKLOG);
            listener.configureBlocking(false); // accept() returns null at once when no client is waiting
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    public static void main(String[] args) {
        ServerLauncher.launch("BusyLoopEchoServer", 8888, BusyLoopEchoServer::new, args);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.socket().getLocalSocketAddress();
    }

    /** How many passes the loop has made so far: it goes round whether or not anything happened. */
    public long loopIterations() {
        return loopIterations;
    }

    // tag::loop[]
    @Override
    public void serve() throws IOException {
        loopThread = Thread.currentThread(); // before the first look at closed: see close()
        try {
            while (!closed) { // nothing in the loop waits, so a close() is seen within one pass
                loopIterations++;
                acceptNewClients();
                pollEveryClient();
            }
        } catch (ClosedChannelException e) {
            if (!closed) {
                throw e; // somebody else closed the listener: a real problem
            }
            // close() closed the listener while accept() was running: the loop is over
        } finally {
            connections.forEach(connection -> Quietly.close(connection.channel));
            connections.clear();
            loopThread = null;
        }
    }
    // end::loop[]

    // tag::accept[]
    private void acceptNewClients() throws IOException {
        SocketChannel client;
        while ((client = listener.accept()) != null) { // null: nobody is waiting (and accept() did not wait)
            Connection connection = new Connection(client);
            connections.add(connection);               // first: if the next line fails, serve() still closes it
            client.configureBlocking(false);           // so that read() and write() never wait either
            log.log("Connected: " + connection.peer);
        }
    }
    // end::accept[]

    private void pollEveryClient() {
        for (Iterator<Connection> it = connections.iterator(); it.hasNext(); ) {
            Connection connection = it.next();
            try {
                if (poll(connection)) {
                    continue;
                }
                log.log("Closed by the client: " + connection.peer);
            } catch (IOException e) {
                // This client's connection broke (reset, broken pipe): its problem, not the other clients'.
                log.log("Connection lost: " + connection.peer + " (" + e.getMessage() + ")");
            }
            Quietly.close(connection.channel);
            it.remove();
        }
    }

    // tag::poll[]
    /** One look at one client, without waiting. Returns false once the client is done and nothing is pending. */
    private static boolean poll(Connection client) throws IOException {
        ByteBuffer pending = client.pending;
        if (!client.inputEnded && pending.hasRemaining()) {
            int n = client.channel.read(pending); // 0: nothing has arrived yet, try again on the next pass
            if (n == -1) {
                client.inputEnded = true;          // the client closed its side: send what is pending, then close
            }
        }
        if (pending.position() > 0) {
            pending.flip();
            client.channel.write(pending); // may take fewer bytes than offered, even none: the socket buffer is full
            pending.compact();             // what it did not take moves to the front and waits for the next pass
        }
        return !(client.inputEnded && pending.position() == 0);
    }
    // end::poll[]

    /** Stops the loop and returns once it has closed every connection (at once if serve() is not running). */
    @Override
    public void close() {
        closed = true;           // the loop sees it within one pass and closes every connection on its way out
        Quietly.close(listener); // releases the port now, even if the loop is not running
        // serve() records its thread before it first reads closed, and we read the thread after setting closed:
        // either we see the thread here, or the loop sees closed before its first pass and accepts nobody.
        Thread loop = loopThread;
        if (loop == null || loop == Thread.currentThread()) {
            return; // no loop to wait for, or close() called from the loop itself (it ends when it returns)
        }
        try {
            if (!loop.join(LOOP_END_DEADLINE)) {
                log.log("close() returns before the loop has ended: it did not see closed within "
                        + LOOP_END_DEADLINE.toSeconds() + " s, so something in it waits");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // whoever interrupted us wants us gone: stop waiting
        }
    }

    /** A client, and the bytes read from it that still wait to be written back: those before position(). */
    private static final class Connection {
        final SocketChannel channel;
        final String peer;
        final ByteBuffer pending = ByteBuffer.allocate(BUFFER_SIZE);
        boolean inputEnded;

        Connection(SocketChannel channel) {
            this.channel = channel;
            this.peer = Addresses.format((InetSocketAddress) channel.socket().getRemoteSocketAddress());
        }
    }
}
