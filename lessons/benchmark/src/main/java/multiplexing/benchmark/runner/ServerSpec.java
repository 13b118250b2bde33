package multiplexing.benchmark.runner;

import java.util.List;

/**
 * One server the runner measures, started the way a learner starts it.
 *
 * @param id a stable name, used in the result files
 * @param label a short legend for the charts
 * @param mainClass the Java main class, or null for the seed's Python server
 * @param arguments options after the main class ({@code --port 0 --quiet} are added)
 * @param uppercase whether the server replies in uppercase
 * @param idleOnly measured with idle connections only (a server whose point is what it costs doing nothing)
 */
public record ServerSpec(String id, String label, String mainClass, List<String> arguments, boolean uppercase,
                         boolean idleOnly) {

    public static ServerSpec java(String id, String label, String mainClass, String... arguments) {
        return new ServerSpec(id, label, mainClass, List.of(arguments), false, false);
    }

    public static ServerSpec seedPython(String id, String label) {
        return new ServerSpec(id, label, null, List.of(), false, false);
    }

    public boolean python() {
        return mainClass == null;
    }

    public ServerSpec replyingInUppercase() {
        return new ServerSpec(id, label, mainClass, arguments, true, idleOnly);
    }

    public ServerSpec idleConnectionsOnly() {
        return new ServerSpec(id, label, mainClass, arguments, uppercase, true);
    }
}
