package multiplexing.lesson07;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import multiplexing.toolkit.Acceptor;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;

/**
 * The seed's echo server (variant 1, port 8888) ported statement by statement, defects included, so that
 * {@link SeedDefects} can show each defect next to {@link RobustEchoServer}. Not a server to run: it has no
 * {@code main}, and it counts its wake-ups instead of printing "Waiting for active connections......" on each.
 *
 * <p>One statement of variant 1 cannot be ported: its {@code EPOLLHUP} branch, tested before {@code EPOLLIN}. A
 * {@code Selector} has no hang-up flag: the JDK reports a hang-up or an error as readiness for the key's interest
 * ops, so a reset client's key comes back readable (or writable). Without that branch, this loop treats a hang-up as
 * variant 2 (the uppercase server, port 8080) does, whose {@code EPOLLHUP} branch comes after the {@code EPOLLIN} and
 * {@code EPOLLOUT} ones and is never reached: a reset makes {@code read} (or {@code write}) throw, and the exception
 * ends the loop. Variant 1 closes that client in its {@code EPOLLHUP} branch instead, and goes on. Every other
 * defect shown here is the same in both variants.
 */
final class SeedEchoLoop implements Server {

    private final ServerSocketChannel server;
    private final Selector epoll;
    private final long timeoutMillis;
    private final Variant variant;
    private final Acceptor acceptor;
    /** The seed's {@code wdata}: one buffer per socket, replaced by each read. */
    private final Map<SocketChannel, ByteBuffer> wdata = new HashMap<>();
    private final AtomicLong wakeUps = new AtomicLong();
    private volatile boolean closed;

    /** The seed as written, or with one of the two changes anyone makes first to its slow lock-step. */
    enum Variant {
        AS_WRITTEN,
        /** OP_READ stays on while a reply waits: shows what {@code wdata[socket] = data} does to a second read. */
        KEEPS_READING,
        /** Writes right after reading, without waiting for OP_WRITE: shows what a partial write loses. */
        WRITES_AT_ONCE
    }

    /**
     * @param timeoutMillis the {@code select} timeout: the seed's {@code epoll.poll(10)} is 10 s; 10 here is the
     *                      literal port's mistake, 10 ms
     */
    SeedEchoLoop(InetSocketAddress address, long timeoutMillis, Variant variant, Acceptor acceptor)
            throws IOException {
        this.timeoutMillis = timeoutMillis;
        this.variant = variant;
        this.acceptor = acceptor;
        this.server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address, 10); // listen(10)
        server.configureBlocking(false);
        this.epoll = Selector.open();
        server.register(epoll, SelectionKey.OP_ACCEPT);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.socket().getLocalSocketAddress();
    }

    long wakeUps() {
        return wakeUps.get();
    }

    // tag::seed-loop[]
    @Override
    public void serve() throws IOException {
        try {
            while (!closed) {
                int events = epoll.select(timeoutMillis);
                wakeUps.incrementAndGet();
                if (events == 0) {
                    continue; // "epoll timed out with no active connections, polling again......"
                }
                for (Iterator<SelectionKey> it = epoll.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.channel() == server) {
                        SocketChannel conn = acceptor.accept(server); // EMFILE throws out of the loop
                        conn.configureBlocking(false);
                        conn.register(epoll, SelectionKey.OP_READ);
                    } else if (key.isReadable()) { // variant 1 tests EPOLLHUP before this: see the class comment
                        SocketChannel socket = (SocketChannel) key.channel();
                        ByteBuffer data = ByteBuffer.allocate(1024);
                        if (socket.read(data) > 0) { // -1 is ignored, as b'' is; a reset throws out of the loop
                            data.flip();
                            if (variant == Variant.WRITES_AT_ONCE) {
                                socket.write(data); // what write() does not take is lost
                            } else {
                                wdata.put(socket, data); // wdata[socket] = data
                                key.interestOps(variant == Variant.KEEPS_READING
                                        ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_WRITE);
                            }
                        }
                    } else if (key.isWritable()) {
                        SocketChannel socket = (SocketChannel) key.channel();
                        socket.write(wdata.remove(socket)); // what write() does not take is lost
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
            }
        } finally {
            epoll.keys().forEach(key -> Quietly.close(key.channel()));
            Quietly.close(epoll);
        }
    }
    // end::seed-loop[]

    @Override
    public void close() {
        closed = true;
        epoll.wakeup();
        Quietly.close(server);
    }
}
