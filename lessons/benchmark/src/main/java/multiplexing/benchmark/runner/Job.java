package multiplexing.benchmark.runner;

import java.util.List;

/**
 * One server started once: either a series of load points measured one after the other, or the idle-connection
 * measurement (idle levels, 0 first).
 */
record Job(ServerSpec server, int run, List<Point> points, List<Integer> idleLevels) {

    static Job load(ServerSpec server, int run, List<Point> points) {
        return new Job(server, run, points, List.of());
    }

    static Job idle(ServerSpec server, int run, List<Integer> levels) {
        return new Job(server, run, List.of(), levels);
    }

    boolean idle() {
        return !idleLevels.isEmpty();
    }

    /** Seconds it should take, for the progress line: a JVM start, then the points or the idle levels. */
    double estimatedSeconds() {
        double seconds = 1.0;
        for (Point point : points) {
            seconds += point.estimatedSeconds();
        }
        for (int level : idleLevels) {
            seconds += IdleMeasurement.SETTLE_MILLIS / 1000.0 + IdleMeasurement.WINDOW_MILLIS / 1000.0 + level * 0.0002;
        }
        return seconds;
    }

    String describe() {
        if (idle()) {
            return server.id() + ": idle connections " + idleLevels + ", run " + run;
        }
        return server.id() + ": " + String.join(", ", points.stream().map(Point::scenario).distinct().toList())
                + ", run " + run;
    }
}
