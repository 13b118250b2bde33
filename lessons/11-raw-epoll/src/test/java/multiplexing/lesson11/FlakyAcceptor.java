package multiplexing.lesson11;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An accept that fails on demand the way a process out of file descriptors does (EMFILE): the connection stays in
 * the listen queue, so the listening socket stays ready.
 */
final class FlakyAcceptor implements Acceptor {

    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final CountDownLatch firstFailure = new CountDownLatch(1);
    private volatile boolean failing;

    @Override
    public int accept(int listenerFd) throws NativeCallException {
        attempts.incrementAndGet();
        if (failing) {
            failures.incrementAndGet();
            firstFailure.countDown();
            throw new NativeCallException("accept4", Errno.EMFILE);
        }
        return Sockets.accept(listenerFd);
    }

    void startFailing() {
        failing = true;
    }

    void stopFailing() {
        failing = false;
    }

    int failures() {
        return failures.get();
    }

    int attempts() {
        return attempts.get();
    }

    boolean awaitFirstFailure(long timeout, TimeUnit unit) throws InterruptedException {
        return firstFailure.await(timeout, unit);
    }
}
