package multiplexing.lesson09;

import java.time.Duration;

/**
 * A virtual thread that blocks in two places, inside {@code synchronized} and inside a class initializer, so that
 * JFR's {@code jdk.VirtualThreadPinned} event shows which of them still pins the carrier thread on the JDK in use.
 * Run it with {@code -XX:StartFlightRecording}, then {@code jfr print --events jdk.VirtualThreadPinned}.
 */
public final class PinningDemo {

    /** Longer than the 20 ms from which JFR's default settings record a pinned virtual thread. */
    private static final Duration BLOCK = Duration.ofMillis(50);
    private static final Object LOCK = new Object();

    private PinningDemo() {
    }

    // tag::pinning[]
    public static void main(String[] args) throws InterruptedException {
        onVirtualThread("inside synchronized", () -> {
            synchronized (LOCK) {
                block();
            }
        });
        onVirtualThread("inside a class initializer", SlowToInitialize::touch);
    }
    // end::pinning[]

    private static void onVirtualThread(String where, Runnable task) throws InterruptedException {
        Thread thread = Thread.ofVirtual().name("blocks " + where).start(task);
        thread.join();
        System.out.println("A virtual thread blocked " + where + " for " + BLOCK.toMillis() + " ms.");
    }

    private static void block() {
        try {
            Thread.sleep(BLOCK); // parks a virtual thread: its carrier is free, unless the thread is pinned
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // tag::pinning[]
    /** Its static initializer blocks; the JVM itself calls static initializers, and such a frame pins. */
    private static final class SlowToInitialize {
        static {
            block();
        }

        static void touch() {
            // calling it is what runs the static initializer, once
        }
    }
    // end::pinning[]
}
