package multiplexing.toolkit;

/**
 * A server that can say how many bytes it holds for its clients: bytes it has read and not yet managed to write
 * back. A server that bounds them per connection (backpressure: past the limit, it stops reading from that client)
 * implements this, so that a test can push more than the limit and check that the bound holds.
 */
public interface PendingOutput {

    /** The most bytes the server holds for one connection; reaching it, the server stops reading from that client. */
    long pendingLimit();

    /** The bytes held right now, all connections together. */
    long pendingBytes();

    /** The most bytes held for any one connection at any moment since the server started. */
    long peakPendingBytes();
}
