package multiplexing.toolkit;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An accept that fails on demand the way a process out of file descriptors does (EMFILE, "Too many open files"):
 * the connection stays in the listen queue, so the listening socket stays ready.
 */
public final class FlakyAcceptor implements Acceptor {

    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final CountDownLatch firstFailure = new CountDownLatch(1);
    private volatile boolean failing;

    @Override
    public SocketChannel accept(ServerSocketChannel listener) throws IOException {
        attempts.incrementAndGet();
        if (failing) {
            failures.incrementAndGet();
            firstFailure.countDown();
            throw new IOException("Too many open files");
        }
        return listener.accept();
    }

    public void startFailing() {
        failing = true;
    }

    public void stopFailing() {
        failing = false;
    }

    public int failures() {
        return failures.get();
    }

    public int attempts() {
        return attempts.get();
    }

    public boolean awaitFirstFailure(long timeout, TimeUnit unit) throws InterruptedException {
        return firstFailure.await(timeout, unit);
    }
}
