package multiplexing.lesson05;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Set;
import java.util.StringJoiner;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.PythonRepr;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerLauncher;
import multiplexing.toolkit.Todo;

/**
 * The seed's first server (variant 1), ported line by line: one thread and one {@link Selector}, which is epoll on
 * Linux. Each connection is read, then written back, then read again; its pending reply is its key's attachment.
 */
public final class EpollEchoServer implements Server {

    /** {@code server.listen(10)}: the maximum length of the queue of connections not yet accepted, not a connection limit. */
    static final int BACKLOG = 10;
    /** {@code epoll.poll(10)} waits 10 seconds; {@code Selector.select(long)} counts milliseconds. */
    static final long TIMEOUT_MILLIS = 10_000;
    /** {@code socket.recv(1024)}. */
    static final int READ_SIZE = 1024;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final EventLog log;
    private volatile boolean closed;

    // tag::setup[]
    public EpollEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this.log = log;
        server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bindAddress, BACKLOG); // bind() and listen() in one call
            log.log("Server started successfully, listening on IP: " + PythonRepr.address(address()));
            server.configureBlocking(false);
            selector = openSelector(server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }
    // end::setup[]

    public static void main(String[] args) {
        ServerLauncher.launch("EpollEchoServer", 8888, EpollEchoServer::new, args);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.socket().getLocalSocketAddress();
    }

    // tag::selector[]
    private static Selector openSelector(ServerSocketChannel server) throws IOException {
        // TODO 1: create the selector and register the listening channel with it, as the seed's
        //  epoll = select.epoll() and epoll.register(server.fileno(), select.EPOLLIN) do:
        //  - Selector.open() gives the JDK's default selector: on Linux, an epoll instance;
        //  - server.register(selector, ...) with the interest that means "a client waits to be accepted";
        //  - return the selector.
        throw new Todo("open the selector and register the listening channel in EpollEchoServer.openSelector()"
                + " (course: lesson 05, section \"Step 1: open the selector\").");
    }
    // end::selector[]

    // tag::event-loop[]
    @Override
    public void serve() throws IOException {
        try {
            // TODO 2: the seed's "while True" loop, until close() sets closed:
            //  - log "Waiting for active connections......", then wait for events with
            //    selector.select(TIMEOUT_MILLIS): mind the units, the seed's epoll.poll(10) waits 10 seconds;
            //  - select() also returns when close() wakes it up: if closed is true now, leave the loop;
            //  - if it returns 0, nothing is ready: log "epoll timed out with no active connections, polling
            //    again......" and wait again;
            //  - otherwise the ready keys are in selector.selectedKeys(): log "N new event(s), processing......"
            //    (N = how many) and "Let me check the events: " + describe(events);
            //  - then handle(key) each of them, and remove each one from the selected set (iterator.remove()):
            //    the selector adds keys to that set but never takes them out.
            throw new Todo("write the event loop of EpollEchoServer.serve()"
                    + " (course: lesson 05, section \"Step 2: the event loop\").");
        } finally {
            release();
        }
    }
    // end::event-loop[]

    // tag::dispatch[]
    private void handle(SelectionKey key) throws IOException {
        if (key.isAcceptable()) { // the seed's "if socket == server": a client waits in the backlog
            accept();
            return;
        }
        try {
            if (key.isReadable()) {
                read(key);
            } else if (key.isWritable()) {
                write(key);
            }
        } catch (IOException e) {
            // A reset or a broken pipe. epoll reports a reset as EPOLLHUP, so in the seed it is the
            // "client close" branch; in Java it surfaces as an exception from read or write.
            closeClient(key);
        }
    }
    // end::dispatch[]

    // tag::accept[]
    private void accept() throws IOException {
        SocketChannel client = server.accept();
        if (client == null) {
            return; // nothing to accept after all: readiness is a hint, not a promise
        }
        log.log("New connection: " + peer(client));
        // TODO 3: watch the new client for reads, as the seed's conn.setblocking(False) and
        //  epoll.register(conn.fileno(), select.EPOLLIN) do:
        //  - make the channel non-blocking first (the selector refuses a blocking one);
        //  - register it with the selector, interested in reading.
        //  No dictionary to fill: the key that register() returns already leads back to the channel.
        throw new Todo("register the accepted client in EpollEchoServer.accept()"
                + " (course: lesson 05, section \"Step 3: accept a client\").");
    }
    // end::accept[]

    // tag::read[]
    private void read(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel(); // the seed's rlist_socket[fd]
        ByteBuffer data = ByteBuffer.allocate(READ_SIZE);
        // TODO 4: the seed's data = socket.recv(1024), then wdata[socket] = data and epoll.modify(fd, EPOLLOUT):
        //  - client.read(data) reads at most 1024 bytes; -1 means the client has closed its side: then
        //    closeClient(key) (step 6) and return;
        //  - data.flip(), so that the buffer holds what was read, ready to be taken out again;
        //  - if it holds any bytes (a read may return 0), log the seed's two lines
        //      "Received data: " + PythonRepr.bytes(data) + " client: " + peer(client)
        //      "Checking wdata {" + peer(client) + ": " + PythonRepr.bytes(data) + "}"
        //    keep the buffer as the key's attachment (the seed's wdata) and change the key's interest to writing.
        throw new Todo("read and switch to writing in EpollEchoServer.read(key)"
                + " (course: lesson 05, section \"Step 4: read\").");
    }
    // end::read[]

    // tag::write[]
    private void write(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        ByteBuffer data = (ByteBuffer) key.attachment(); // data = wdata[socket]
        log.log("Sending data: " + PythonRepr.bytes(data) + " client: " + peer(client));
        // TODO 5: the seed's socket.send(data), wdata.pop(socket) and epoll.modify(fd, select.EPOLLIN):
        //  - client.write(data) sends what the kernel takes now, and moves the buffer's position past it;
        //  - if the buffer still has bytes left, return: the key stays interested in writing and the rest goes
        //    at the next event (the seed loses it);
        //  - otherwise drop the attachment and change the key's interest back to reading.
        throw new Todo("write back and switch to reading in EpollEchoServer.write(key)"
                + " (course: lesson 05, section \"Step 5: write\").");
    }
    // end::write[]

    // tag::client-close[]
    private void closeClient(SelectionKey key) {
        log.log("client close");
        // TODO 6: the seed's epoll.unregister(fd) and rlist_socket[fd].close():
        //  - cancel the key, so that the selector stops watching the channel;
        //  - close the channel (Quietly.close: a failure to close leaves nothing to do).
        throw new Todo("forget the client in EpollEchoServer.closeClient(key)"
                + " (course: lesson 05, section \"Step 6: the client leaves\").");
    }
    // end::client-close[]

    // tag::shutdown[]
    @Override
    public void close() {
        closed = true;
        selector.wakeup(); // select() returns at once; the loop sees closed and releases everything on its way out
    }

    /** The seed's last three lines, which its endless loop never reaches. */
    private void release() {
        for (SelectionKey key : selector.keys()) {
            Quietly.close(key.channel()); // every client, and the listening channel
        }
        Quietly.close(selector); // epoll.close()
        Quietly.close(server);   // server.close()
    }
    // end::shutdown[]

    /** For the tests: how many channels the selector watches, the listening one included. */
    int registeredKeys() {
        return selector.keys().size();
    }

    /** The seed prints epoll's list of (fd, events); a key has no fd to show, so: (whose channel, what is ready). */
    private String describe(Set<SelectionKey> events) throws IOException {
        StringJoiner list = new StringJoiner(", ", "[", "]");
        for (SelectionKey key : events) {
            String channel = key.channel() == server ? "server" : peer((SocketChannel) key.channel());
            list.add("(" + channel + ", " + readyOps(key) + ")");
        }
        return list.toString();
    }

    private static String readyOps(SelectionKey key) {
        StringJoiner ops = new StringJoiner("|");
        if (key.isAcceptable()) {
            ops.add("OP_ACCEPT");
        }
        if (key.isReadable()) {
            ops.add("OP_READ");
        }
        if (key.isWritable()) {
            ops.add("OP_WRITE");
        }
        return ops.toString();
    }

    /** {@code socket.getpeername()}, as Python prints it. */
    private static String peer(SocketChannel client) throws IOException {
        return PythonRepr.address((InetSocketAddress) client.getRemoteAddress());
    }
}
