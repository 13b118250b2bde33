package multiplexing.lesson09;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A listening socket whose accept fails on demand the way a process out of file descriptors does (EMFILE, "Too many
 * open files"), while the connection stays in the listen queue, as it does then.
 */
final class FlakyListener extends ServerSocket {

    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final CountDownLatch firstFailure = new CountDownLatch(1);
    private volatile boolean failing;

    FlakyListener(InetSocketAddress address) throws IOException {
        super();
        bind(address, 50);
    }

    void startFailing() {
        failing = true;
    }

    void stopFailing() {
        failing = false;
    }

    long attempts() {
        return attempts.get();
    }

    long failures() {
        return failures.get();
    }

    boolean awaitFirstFailure(long timeout, TimeUnit unit) throws InterruptedException {
        return firstFailure.await(timeout, unit);
    }

    @Override
    public Socket accept() throws IOException {
        attempts.incrementAndGet();
        if (failing && !isClosed()) {
            failures.incrementAndGet();
            firstFailure.countDown();
            throw new IOException("Too many open files");
        }
        return super.accept();
    }
}
