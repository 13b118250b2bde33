package multiplexing.benchmark.load;

/** Told when the measured window opens and closes, so that the server can be measured over the same window. */
public interface WindowListener {

    WindowListener NONE = new WindowListener() {
    };

    default void opened() {
    }

    default void closed() {
    }
}
