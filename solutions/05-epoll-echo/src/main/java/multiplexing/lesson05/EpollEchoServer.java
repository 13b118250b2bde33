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
        Selector selector = Selector.open();               // select.epoll(): on Linux, an epoll instance
        server.register(selector, SelectionKey.OP_ACCEPT); // epoll.register(server.fileno(), select.EPOLLIN)
        return selector;
    }
    // end::selector[]

    // tag::event-loop[]
    @Override
    public void serve() throws IOException {
        try {
            while (!closed) {
                log.log("Waiting for active connections......");
                int ready = selector.select(TIMEOUT_MILLIS); // 10,000 ms: the seed's 10 seconds
                if (closed) {
                    break; // close() woke us up: that is not a timeout
                }
                if (ready == 0) {
                    log.log("epoll timed out with no active connections, polling again......");
                    continue;
                }
                Set<SelectionKey> events = selector.selectedKeys();
                log.log(events.size() + " new event(s), processing......");
                log.log("Let me check the events: " + describe(events));
                for (Iterator<SelectionKey> it = events.iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove(); // the selector only ever adds to this set: a key left in it looks ready next time
                    handle(key);
                }
            }
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
        client.configureBlocking(false);
        client.register(selector, SelectionKey.OP_READ); // epoll.register(conn.fileno(), select.EPOLLIN)
    }
    // end::accept[]

    // tag::read[]
    private void read(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel(); // the seed's rlist_socket[fd]
        ByteBuffer data = ByteBuffer.allocate(READ_SIZE);
        if (client.read(data) == -1) {
            closeClient(key); // end of stream: the client has closed its side
            return;
        }
        data.flip(); // from "bytes go in here" to "bytes to take out"
        if (data.hasRemaining()) {
            log.log("Received data: " + PythonRepr.bytes(data) + " client: " + peer(client));
            key.attach(data); // wdata[socket] = data
            log.log("Checking wdata {" + peer(client) + ": " + PythonRepr.bytes(data) + "}");
            key.interestOps(SelectionKey.OP_WRITE); // epoll.modify(fd, select.EPOLLOUT)
        }
    }
    // end::read[]

    // tag::write[]
    private void write(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        ByteBuffer data = (ByteBuffer) key.attachment(); // data = wdata[socket]
        log.log("Sending data: " + PythonRepr.bytes(data) + " client: " + peer(client));
        client.write(data);
        if (data.hasRemaining()) {
            // The kernel took only part of it. The seed drops the rest; we keep it and stay interested in
            // writing until it has all gone (lesson 07, "partial writes", does this for a real server).
            return;
        }
        key.attach(null);                      // wdata.pop(socket)
        key.interestOps(SelectionKey.OP_READ); // epoll.modify(fd, select.EPOLLIN)
    }
    // end::write[]

    // tag::client-close[]
    private void closeClient(SelectionKey key) {
        log.log("client close");
        key.cancel();                 // epoll.unregister(fd)
        Quietly.close(key.channel()); // rlist_socket[fd].close(); the key was the dictionary entry, so it is gone too
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
