package multiplexing.lesson08;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shows, on the JDK it runs on, what a hand-off without {@code wakeup()} costs. A reactor thread sleeps in
 * {@code select()}; another thread registers a new connection with the reactor's selector, as a first multi-reactor
 * does, and the client sends one byte. How long does {@code register()} take, and when does the reactor see the byte?
 * A demonstration for the course page, not a test: it waits on the clock.
 */
public final class MissingWakeupDemo {

    private static final long GIVE_UP_MILLIS = 3_000;

    private MissingWakeupDemo() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("JDK " + Runtime.version() + ", " + Selector.open().getClass().getSimpleName());
        show("select(), register() without wakeup()", 0, false);
        show("select(1000), register() without wakeup()", 1000, false);
        show("select(), register() then wakeup()", 0, true);
    }

    private static void show(String title, long selectTimeoutMillis, boolean wakeUp) throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(loopback);
             Selector selector = Selector.open();
             Socket client = new Socket(listener.socket().getInetAddress(), listener.socket().getLocalPort());
             SocketChannel accepted = listener.accept()) {
            accepted.configureBlocking(false);
            CountDownLatch byteSeen = new CountDownLatch(1);
            AtomicBoolean over = new AtomicBoolean();
            Thread reactor = Thread.ofPlatform().name("reactor").daemon().start(() -> {
                try {
                    while (byteSeen.getCount() > 0 && !over.get()) {
                        selector.select(selectTimeoutMillis);
                        if (!selector.selectedKeys().isEmpty()) {
                            byteSeen.countDown();
                        }
                        selector.selectedKeys().clear();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread.sleep(200); // let the reactor fall asleep in select(): a demonstration may wait on the clock

            long start = System.nanoTime();
            accepted.register(selector, SelectionKey.OP_READ); // from this thread, while the reactor selects
            long registered = System.nanoTime();
            if (wakeUp) {
                selector.wakeup();
            }
            client.getOutputStream().write(42);
            boolean seen = byteSeen.await(GIVE_UP_MILLIS, TimeUnit.MILLISECONDS);
            long seenAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("%-44s register() returned after %,d µs; the reactor saw the byte %s%n", title,
                    TimeUnit.NANOSECONDS.toMicros(registered - start),
                    seen ? "after " + seenAfter + " ms" : "not at all in " + GIVE_UP_MILLIS / 1000 + " s");
            over.set(true);
            selector.wakeup(); // ends a reactor still asleep
            reactor.join();
        }
    }
}
