package multiplexing.lesson08;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;

/**
 * The first multi-reactor everyone writes: an acceptor queues each new channel for a reactor in turn, and the
 * reactor registers what it finds in its queue at the top of its loop. It forgets one line: the
 * {@code selector.wakeup()} after queueing. Independent of the learner's code, so that {@link MissingWakeupTest}
 * shows the idle-reactor test failing whatever state the exercise is in.
 */
final class NoWakeupEchoServer implements Server {

    private final ServerSocketChannel listener;
    private final List<Selector> selectors = new ArrayList<>();
    private final List<Queue<SocketChannel>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;
    private int next;

    NoWakeupEchoServer(InetSocketAddress address, int reactors) throws IOException {
        listener = ServerSocketChannel.open().bind(address);
        for (int i = 0; i < reactors; i++) {
            selectors.add(Selector.open());
            queues.add(new ConcurrentLinkedQueue<>());
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.socket().getLocalSocketAddress();
    }

    synchronized List<Thread> reactorThreads() {
        return List.copyOf(threads);
    }

    @Override
    public void serve() throws IOException {
        synchronized (this) {
            for (int i = 0; i < selectors.size(); i++) {
                int reactor = i;
                threads.add(Thread.ofPlatform().name("no-wakeup-reactor-" + i).daemon()
                        .start(() -> runReactor(selectors.get(reactor), queues.get(reactor))));
            }
        }
        try {
            while (!closed) {
                SocketChannel channel = listener.accept();
                queues.get(next).add(channel); // ...and no selectors.get(next).wakeup(): the bug under test
                next = (next + 1) % queues.size();
            }
        } catch (ClosedChannelException e) {
            // close()
        } finally {
            selectors.forEach(Selector::wakeup); // shutting down is not the bug under test
            for (Thread thread : reactorThreads()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private void runReactor(Selector selector, Queue<SocketChannel> queue) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (!closed) {
                for (SocketChannel channel; (channel = queue.poll()) != null; ) {
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ);
                }
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    buffer.clear();
                    if (channel.read(buffer) == -1) {
                        channel.close();
                        continue;
                    }
                    channel.write(buffer.flip()); // a test server for short messages: no partial-write handling
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            // a client reset: this test server simply stops that reactor
        } finally {
            selector.keys().forEach(key -> Quietly.close(key.channel()));
            queue.forEach(Quietly::close);
            Quietly.close(selector);
        }
    }

    @Override
    public void close() {
        closed = true;
        Quietly.close(listener);
        selectors.forEach(Selector::wakeup);
    }
}
