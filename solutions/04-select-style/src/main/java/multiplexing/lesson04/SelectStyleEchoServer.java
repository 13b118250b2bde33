package multiplexing.lesson04;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerLauncher;

/**
 * One thread, readiness the select(2)/poll(2) way: every round, the server hands over its whole lists (the channels
 * to read from, the channels to write to) and serves the ones that come back ready.
 */
public final class SelectStyleEchoServer implements Server {

    /** Clients the kernel may hold for us between two rounds; one round can take a while with many connections. */
    private static final int BACKLOG = 1024;
    private static final int READ_SIZE = 8192;
    /** How long one round waits when nothing happens: 10 seconds, like the seed's {@code epoll.poll(10)}. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final Select select;
    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final EventLog log;

    // The server's own lists: select(2) remembers nothing from one call to the next, so the program does, and hands
    // them over every round. A select() program also keeps what it knows about each connection in maps of its own
    // (the seed's wdata dictionary is one), because select hands back bare channels. From lesson 05 on, the
    // Selector's SelectionKey carries that state as its attachment, and these maps go away.
    /** Every open connection, in the order it was accepted. */
    private final Set<SocketChannel> connections = new LinkedHashSet<>();
    /** Bytes read from a connection and not yet written back to it; a connection is a key only while it owes some. */
    private final Map<SocketChannel, ByteBuffer> unsent = new LinkedHashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_SIZE);

    private final Object lifecycle = new Object();
    private boolean serving; // guarded by lifecycle
    private volatile boolean closed;
    private final CountDownLatch released = new CountDownLatch(1);

    public SelectStyleEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this.log = log;
        Select select = Select.open();
        ServerSocketChannel listener = null;
        try {
            listener = select.provider().openServerSocketChannel(); // a selector takes its own provider's channels
            listener.bind(bindAddress, BACKLOG);
            listener.configureBlocking(false);
            this.address = (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            Quietly.close(listener);
            Quietly.close(select);
            throw e;
        }
        this.select = select;
        this.listener = listener;
    }

    public static void main(String[] args) {
        ServerLauncher.launch("SelectStyleEchoServer", 8888, SelectStyleEchoServer::new, args);
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void serve() throws IOException {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            serving = true;
        }
        log.log("Waiting for readiness with " + select.implementation());
        try {
            while (!closed) {
                if (round(IDLE_TIMEOUT).isEmpty() && !closed) {
                    log.log("Nothing ready for " + IDLE_TIMEOUT.toSeconds() + " s; selecting again.");
                }
            }
        } finally {
            synchronized (lifecycle) {
                serving = false;
                if (closed) {
                    release();
                } // else the loop failed: the port stays bound until close(), as with a blocking server
            }
        }
    }

    // tag::round[]
    /** One round of the loop: hand over both lists, wait until something is ready (at most timeout), serve it. */
    Select.Ready round(Duration timeout) throws IOException {
        List<SelectableChannel> readList = readList();
        List<SelectableChannel> writeList = writeList();
        Select.Ready ready = select.select(readList, writeList, timeout);
        if (!ready.isEmpty()) {
            log.log("select: " + readList.size() + " to read, " + writeList.size() + " to write -> "
                    + ready.readable().size() + " readable, " + ready.writable().size() + " writable");
        }
        serveReady(ready);
        return ready;
    }
    // end::round[]

    // tag::lists[]
    /** This round's read list, built from scratch: the listener and every connection that owes its client nothing. */
    List<SelectableChannel> readList() {
        List<SelectableChannel> readList = new ArrayList<>();
        readList.add(listener); // for a listening channel, "readable" means a client is waiting to be accepted
        for (SocketChannel connection : connections) {
            if (!unsent.containsKey(connection)) { // one that still owes an echo is read again once it is sent
                readList.add(connection);
            }
        }
        return readList;
    }

    /** This round's write list: the connections with bytes to send back, and only those. */
    List<SelectableChannel> writeList() {
        // A connected socket is nearly always writable: one listed with nothing to send would make every select
        // return at once, and the loop would spin like lesson 03's.
        return new ArrayList<>(unsent.keySet());
    }
    // end::lists[]

    // tag::dispatch[]
    private void serveReady(Select.Ready ready) throws IOException {
        for (SelectableChannel channel : ready.readable()) {
            if (channel == listener) {
                accept();
            } else {
                read((SocketChannel) channel);
            }
        }
        for (SelectableChannel channel : ready.writable()) {
            write((SocketChannel) channel);
        }
    }
    // end::dispatch[]

    /**
     * Accepts every client waiting, not just one: a round costs time in proportion to all the connections in the
     * lists, and spending one per new client lets the listen backlog overflow when clients arrive in a burst.
     */
    private void accept() throws IOException {
        SocketChannel connection;
        while ((connection = listener.accept()) != null) { // null: nobody is waiting (any more)
            connection.configureBlocking(false);
            connections.add(connection); // in the read list from the next round on
            log.log("Connected: " + peer(connection));
        }
    }

    // tag::read-write[]
    /** Reads what has arrived and keeps it in unsent, which moves the connection to the write list. */
    private void read(SocketChannel connection) {
        readBuffer.clear();
        int n;
        try {
            n = connection.read(readBuffer);
        } catch (IOException e) {
            drop(connection, "Connection lost (" + e.getMessage() + ")");
            return;
        }
        if (n == -1) { // end of stream: the client closed its side, nothing more will come
            drop(connection, "Closed by the client");
        } else if (n > 0) { // 0: nothing after all; the connection stays in the read list
            unsent.put(connection, ByteBuffer.allocate(n).put(readBuffer.flip()).flip());
            log.log("Received " + n + " bytes from " + peer(connection));
        }
    }

    /** Writes back what it can; the kernel may take only part, and then the rest waits for the next round. */
    private void write(SocketChannel connection) {
        ByteBuffer bytes = unsent.get(connection);
        if (bytes == null) {
            throw new IllegalStateException("a connection with nothing to send was in the write list: only those with"
                    + " bytes waiting in unsent belong there");
        }
        int n;
        try {
            n = connection.write(bytes);
        } catch (IOException e) {
            drop(connection, "Connection lost (" + e.getMessage() + ")");
            return;
        }
        log.log("Sent " + n + " bytes to " + peer(connection)
                + (bytes.hasRemaining() ? ", " + bytes.remaining() + " still to send" : ""));
        if (!bytes.hasRemaining()) {
            unsent.remove(connection); // all sent: back to the read list
        }
    }
    // end::read-write[]

    /** Forgets a connection and closes it: out of both lists, and closing cancels its key in the selector. */
    private void drop(SocketChannel connection, String reason) {
        log.log(reason + ": " + peer(connection));
        connections.remove(connection);
        unsent.remove(connection);
        Quietly.close(connection);
    }

    private static String peer(SocketChannel connection) {
        try {
            return Addresses.format((InetSocketAddress) connection.getRemoteAddress());
        } catch (IOException e) {
            return "(closed connection)";
        }
    }

    /** The selector's class, for the tests: {@code sun.nio.ch.PollSelectorImpl} when poll(2) is in use. */
    String selectorImplementation() {
        return select.implementation();
    }

    /** How many bytes read from {@code connection} wait to be written back, for the tests. */
    int unsentBytes(SocketChannel connection) {
        ByteBuffer bytes = unsent.get(connection);
        return bytes == null ? 0 : bytes.remaining();
    }

    /**
     * Stops the loop and waits until it has released the port and every connection. The lists belong to the loop's
     * thread, so a running loop releases them itself; a server whose loop is not running is released here.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (!serving) {
                release();
                return;
            }
        }
        select.wakeup();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release() {
        connections.forEach(Quietly::close);
        connections.clear();
        unsent.clear();
        Quietly.close(listener);
        Quietly.close(select);
        released.countDown();
    }
}
