package multiplexing.lesson08;

/**
 * How a {@link MultiReactorEchoServer} spreads its connections: over how many reactors, and how they get there.
 *
 * @param reactors  how many event loops, each a thread with a {@code Selector} of its own
 * @param reusePort false: one acceptor thread takes every connection and hands it to a reactor; true: every reactor
 *                  listens on the same port itself ({@code SO_REUSEPORT}) and the kernel picks the reactor
 * @param stats     log, when the server closes, how many connections each reactor served
 */
record Layout(int reactors, boolean reusePort, boolean stats) {

    /** The most reactors {@code --reactors} accepts: far more threads than cores only adds switching. */
    static final int MAX_REACTORS = 256;

    Layout {
        if (reactors < 1 || reactors > MAX_REACTORS) {
            throw new IllegalArgumentException("reactors must be from 1 to " + MAX_REACTORS + ", not " + reactors);
        }
    }

    /** One reactor per core the JVM may use, connections handed out by one acceptor. */
    static Layout perCore() {
        return of(Math.min(MAX_REACTORS, Runtime.getRuntime().availableProcessors()));
    }

    static Layout of(int reactors) {
        return new Layout(reactors, false, false);
    }

    Layout withReusePort(boolean on) {
        return new Layout(reactors, on, stats);
    }

    Layout withStats(boolean on) {
        return new Layout(reactors, reusePort, on);
    }
}
