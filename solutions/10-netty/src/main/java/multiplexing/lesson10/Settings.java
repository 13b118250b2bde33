package multiplexing.lesson10;

import io.netty.channel.WriteBufferWaterMark;

/**
 * What can be tuned in a {@link NettyEchoServer}. {@code main} reads the transport and the thread count from the
 * command line; the tests pick the transport.
 *
 * @param transport   how the event loops wait for sockets: NIO, native epoll or io_uring
 * @param workers     how many event loops serve the connections (Netty's default is twice the cores)
 * @param uppercase   reply with the letters a to z uppercased, every other byte unchanged (the seed's second server)
 * @param verbose     log every connection and close, not only trouble
 */
record Settings(Transport transport, int workers, boolean uppercase, boolean verbose) {

    /** Past this many bytes waiting to be written, a channel is not writable: the server stops reading from it. */
    static final int HIGH_WATER_MARK = 1024 * 1024;
    /** Below this many again, it is writable: the server reads again. The gap keeps it from flapping. */
    static final int LOW_WATER_MARK = 512 * 1024;
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(LOW_WATER_MARK, HIGH_WATER_MARK);
    /** The largest buffer one read fills; Netty adapts the size between 64 bytes and this. */
    static final int MAX_READ = 64 * 1024;

    static final Settings ECHO = new Settings(Transport.best(), Runtime.getRuntime().availableProcessors(), false,
            false);

    Settings {
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be positive, not " + workers);
        }
    }

    Settings withTransport(Transport other) {
        return new Settings(other, workers, uppercase, verbose);
    }

    Settings withWorkers(int count) {
        return new Settings(transport, count, uppercase, verbose);
    }

    Settings withUppercase(boolean on) {
        return new Settings(transport, workers, on, verbose);
    }

    Settings withVerbose(boolean on) {
        return new Settings(transport, workers, uppercase, on);
    }
}
