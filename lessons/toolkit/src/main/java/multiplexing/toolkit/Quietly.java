package multiplexing.toolkit;

/** Closing as cleanup: a socket that fails to close leaves nothing to do, so the failure is not worth reporting. */
public final class Quietly {

    private Quietly() {
    }

    public static void close(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Nothing useful can be done about it.
        }
    }
}
