package multiplexing.benchmark.load;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One load run: how many connections, how big each message is, how long to warm up and to measure, and whether the
 * connections run a closed loop (send, wait for the whole reply, send again) or an open loop at a fixed offered rate.
 *
 * @param offeredPerSecond requests per second for all connections together in an open loop; 0 for a closed loop
 * @param timeout how long a reply may take before the run fails
 */
public record LoadPlan(InetSocketAddress server, int connections, int messageBytes, Duration warmup, Duration measured,
                       boolean uppercase, double offeredPerSecond, Duration timeout) {

    /** The largest message: written whole before its reply is read, it must fit in the sockets' buffers. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    public LoadPlan {
        if (connections < 1) {
            throw new IllegalArgumentException("A load run needs at least one connection, not " + connections + ".");
        }
        if (messageBytes < 1 || messageBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("A message has 1 to " + MAX_MESSAGE_BYTES + " bytes, not "
                    + messageBytes + ".");
        }
        if (offeredPerSecond < 0) {
            throw new IllegalArgumentException("An offered rate cannot be negative.");
        }
    }

    /** A closed loop against {@code server}, 5 s timeout. */
    public static LoadPlan closedLoop(InetSocketAddress server, int connections, int messageBytes, Duration warmup,
                                      Duration measured) {
        return new LoadPlan(server, connections, messageBytes, warmup, measured, false, 0, Duration.ofSeconds(5));
    }

    public boolean openLoop() {
        return offeredPerSecond > 0;
    }

    public LoadPlan uppercase(boolean expectUppercase) {
        return new LoadPlan(server, connections, messageBytes, warmup, measured, expectUppercase, offeredPerSecond,
                timeout);
    }

    /** The same plan as an open loop offering {@code perSecond} requests a second. */
    public LoadPlan offering(double perSecond) {
        return new LoadPlan(server, connections, messageBytes, warmup, measured, uppercase, perSecond, timeout);
    }

    public LoadPlan withTimeout(Duration replyTimeout) {
        return new LoadPlan(server, connections, messageBytes, warmup, measured, uppercase, offeredPerSecond,
                replyTimeout);
    }
}
