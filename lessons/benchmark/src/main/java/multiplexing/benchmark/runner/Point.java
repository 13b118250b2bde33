package multiplexing.benchmark.runner;

/**
 * One measured point of a scenario: a load (connections, message size, offered rate or 0 for a closed loop) and how
 * long to warm up and measure it, in milliseconds.
 */
record Point(String scenario, int connections, int messageBytes, double offeredPerSecond, long warmupMillis,
             long measuredMillis) {

    static Point closed(String scenario, int connections, int messageBytes, long warmupMillis, long measuredMillis) {
        return new Point(scenario, connections, messageBytes, 0, warmupMillis, measuredMillis);
    }

    /** The name of its .hgrm file: {@code <scenario>-<server>-c<connections>-s<bytes>[-r<offered>].hgrm}. */
    String hgrmName(ServerSpec server) {
        return scenario + "-" + server.id() + "-c" + connections + "-s" + messageBytes
                + (offeredPerSecond > 0 ? "-r" + Math.round(offeredPerSecond) : "") + ".hgrm";
    }

    /** A rough duration, for the time-left estimate: opening connections takes about 0.2 ms each. */
    double estimatedSeconds() {
        return (warmupMillis + measuredMillis) / 1000.0 + connections * 0.0002 + 0.1;
    }
}
