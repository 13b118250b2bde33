package multiplexing.lesson06;

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
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.PythonRepr;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerLauncher;
import multiplexing.toolkit.Todo;

/**
 * The seed's second server (variant 2), ported line by line: the loop of lesson 05 with other messages, a backlog of
 * 5, and replies uppercased the way Python's {@code bytes.upper()} does it, ASCII letters only.
 */
public final class EpollUppercaseServer implements Server {

    /** {@code server.listen(5)}. */
    static final int BACKLOG = 5;
    /** {@code epoll.poll(10)}: 10 seconds, which {@code Selector.select(long)} counts in milliseconds. */
    static final long TIMEOUT_MILLIS = 10_000;
    /** {@code socket.recv(1024)}. */
    static final int READ_SIZE = 1024;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final EventLog log;
    private volatile boolean closed;

    public EpollUppercaseServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this.log = log;
        server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bindAddress, BACKLOG);
            server.configureBlocking(false);
            log.log("Server started successfully, listening on IP: " + PythonRepr.address(address()));
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public static void main(String[] args) {
        ServerLauncher.launch("EpollUppercaseServer", 8080, EpollUppercaseServer::new, args);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.socket().getLocalSocketAddress();
    }

    // tag::event-loop[]
    @Override
    public void serve() throws IOException {
        try {
            while (!closed) {
                log.log("Waiting for clients to connect...");
                int ready = selector.select(TIMEOUT_MILLIS);
                if (closed) {
                    break;
                }
                if (ready == 0) {
                    log.log("No client connected, the server goes back to watching");
                    continue;
                }
                Set<SelectionKey> events = selector.selectedKeys();
                log.log(events.size() + " new event(s), processing...");
                for (Iterator<SelectionKey> it = events.iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
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
        if (key.isAcceptable()) {
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
            // A reset or a broken pipe: variant 2 tests EPOLLIN and EPOLLOUT before EPOLLHUP, so its recv() or its
            // send() raises ConnectionResetError and the whole server dies. Here only this client goes.
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
        log.log("The client's address is: " + PythonRepr.address((InetSocketAddress) client.getRemoteAddress()));
        // TODO 1: the seed's epoll.register(conn.fileno(), select.EPOLLIN): register the client for reading.
        //  Variant 2 registers the socket as accept() returned it, in blocking mode. Try that first: the tests
        //  then fail with the exception Java throws. Then add the line the seed forgot.
        throw new Todo("register the accepted client in EpollUppercaseServer.accept()"
                + " (course: lesson 06, section \"Step 1: non-blocking accepted channels\").");
    }
    // end::accept[]

    // tag::read[]
    private void read(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        ByteBuffer data = ByteBuffer.allocate(READ_SIZE);
        if (client.read(data) == -1) {
            // TODO 3: the client has closed its side (end of stream). The seed's EPOLLHUP branch meant to forget
            //  it, but never runs; do it here: closeClient(key), then return.
            throw new Todo("forget a client that has left in EpollUppercaseServer.read(key)"
                    + " (course: lesson 06, section \"Step 3: the branch that never runs\").");
        }
        data.flip();
        if (data.hasRemaining()) {
            log.log("Message received " + PythonRepr.bytes(data));
            key.attach(data);
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }
    // end::read[]

    // tag::write[]
    private void write(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        ByteBuffer data = (ByteBuffer) key.attachment();
        // TODO 2: the seed's socket.send(data.upper()), wdata.pop(socket) and epoll.modify(fd, select.EPOLLIN):
        //  - uppercase the bytes as bytes.upper() does, a-z only, in place: Ascii.toUpperCase(data) (toolkit);
        //  - then write them back exactly as lesson 05 does: client.write(data); if bytes are left, return and
        //    send them at the next event; otherwise drop the attachment and go back to reading.
        throw new Todo("uppercase and write back in EpollUppercaseServer.write(key)"
                + " (course: lesson 06, section \"Step 2: uppercase the reply\").");
    }
    // end::write[]

    private void closeClient(SelectionKey key) {
        key.cancel();
        Quietly.close(key.channel()); // the seed's branch prints nothing, so neither do we
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
    }

    private void release() {
        for (SelectionKey key : selector.keys()) {
            Quietly.close(key.channel());
        }
        Quietly.close(selector);
        Quietly.close(server);
    }
}
