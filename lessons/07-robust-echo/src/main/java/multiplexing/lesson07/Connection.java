package multiplexing.lesson07;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import multiplexing.toolkit.PendingTally;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Todo;

/**
 * One client, attached to its {@code SelectionKey}: the bytes read from it that its socket has not taken back yet
 * (in order), and whether it has finished sending. An idle client holds no buffer at all.
 */
final class Connection {

    /**
     * Kept bytes go into chunks of at least this size, and small leftovers are appended to the last chunk: a client
     * that trickles single bytes cannot make the server hold one buffer object per byte.
     */
    private static final int CHUNK = 16 * 1024;

    private final SocketChannel channel;
    private final String peer;
    private final PendingTally tally;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean inputEnded;

    Connection(SocketChannel channel, String peer, PendingTally tally) {
        this.channel = channel;
        this.peer = peer;
        this.tally = tally;
    }

    SocketChannel channel() {
        return channel;
    }

    String peer() {
        return peer;
    }

    long pendingBytes() {
        return pendingBytes;
    }

    boolean hasPending() {
        return pendingBytes > 0;
    }

    /** The client has shut down its output (read returned -1): it sends nothing more, but may still be reading. */
    void endInput() {
        inputEnded = true;
    }

    boolean inputEnded() {
        return inputEnded;
    }

    // tag::send[]
    /** Writes {@code bytes} behind whatever is pending; what the socket does not take now is kept. Returns bytes written. */
    int send(ByteBuffer bytes) throws IOException {
        // TODO Step 2: write back what was just read, losing nothing and keeping the order.
        //  - if nothing is pending, channel.write(bytes): it takes what fits in the socket's send buffer (maybe
        //    everything, maybe part, maybe nothing) and advances bytes.position() past what it took;
        //  - whatever remains in bytes (bytes.hasRemaining()), keep(bytes): behind the pending bytes, never instead
        //    of them. If bytes are already pending, do not write at all: these must go out after them;
        //  - return how many bytes channel.write took (0 if you did not write).
        throw new Todo("write or keep the bytes in Connection.send()"
                + " (course: lesson 07, section \"Step 2: keep what the socket did not take\").");
    }

    /** Writes pending bytes until none are left or the socket's send buffer is full. Returns bytes written. */
    int flush() throws IOException {
        // TODO Step 2: write the pending chunks, oldest first, until none is left or the socket is full.
        //  - for the first chunk (pending.peek()), n = channel.write(chunk); subtract n from pendingBytes and tell
        //    the tally: tally.shrank(n);
        //  - if the chunk still has bytes (chunk.hasRemaining()), the socket is full: stop, and leave the chunk where
        //    it is (its position marks what went out); otherwise remove it (pending.poll()) and go on;
        //  - return the total written.
        throw new Todo("write the pending bytes in Connection.flush()"
                + " (course: lesson 07, section \"Step 2: keep what the socket did not take\").");
    }
    // end::send[]

    /** Copies the remaining {@code bytes} behind the pending ones: the loop reuses its read buffer at once. */
    private void keep(ByteBuffer bytes) {
        int n = bytes.remaining();
        ByteBuffer tail = pending.peekLast();
        if (tail == null || tail.capacity() - tail.limit() < n) {
            tail = ByteBuffer.allocate(Math.max(CHUNK, n)).limit(0);
            pending.add(tail);
        }
        int end = tail.limit();
        tail.limit(end + n);
        tail.put(end, bytes, bytes.position(), n); // absolute put: the tail's position (what went out) stays
        bytes.position(bytes.limit());
        pendingBytes += n;
        tally.grew(n, pendingBytes);
    }

    /** Closes the socket and lets go of the bytes nobody will read now. */
    void close() {
        Quietly.close(channel);
        tally.shrank(pendingBytes);
        pendingBytes = 0;
        pending.clear();
    }
}
