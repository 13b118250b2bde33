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
        client.configureBlocking(false); // the line variant 2 forgot; without it, register() throws
        client.register(selector, SelectionKey.OP_READ);
    }
    // end::accept[]

    // tag::read[]
    private void read(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        ByteBuffer data = ByteBuffer.allocate(READ_SIZE);
        if (client.read(data) == -1) {
            closeClient(key); // what the seed's EPOLLHUP branch meant to do, and never does
            return;
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
        // socket.send(data.upper()): a-z become A-Z, every other byte stays as it is. Uppercasing again what a
        // partial write left behind changes nothing, since those bytes are uppercase already.
        Ascii.toUpperCase(data);
        client.write(data);
        if (data.hasRemaining()) {
            return; // the seed drops what send() did not take; we keep it (lesson 07, "partial writes")
        }
        key.attach(null);
        key.interestOps(SelectionKey.OP_READ);
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
