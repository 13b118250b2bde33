package multiplexing.toolkit;

/**
 * Where a server reports what happens on its connections. {@code --quiet} and the tests use {@link #SILENT}.
 */
@FunctionalInterface
public interface EventLog {

    EventLog SILENT = message -> { };

    void log(String message);

    /** One line per event on standard output. */
    static EventLog stdout() {
        return System.out::println;
    }
}
