package multiplexing.lesson08;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import multiplexing.toolkit.PendingTally;
import multiplexing.toolkit.Quietly;

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
        int written = 0;
        if (pending.isEmpty()) {
            written = channel.write(bytes); // usually takes everything; under pressure, part or nothing
        }
        if (bytes.hasRemaining()) {
            keep(bytes); // the rest waits, in order, until OP_WRITE says the socket has room again
        }
        return written;
    }

    /** Writes pending bytes until none are left or the socket's send buffer is full. Returns bytes written. */
    int flush() throws IOException {
        int written = 0;
        for (ByteBuffer head; (head = pending.peek()) != null; ) {
            int n = channel.write(head);
            written += n;
            pendingBytes -= n;
            tally.shrank(n);
            if (head.hasRemaining()) {
                break; // the send buffer is full again: the rest stays, with head.position() marking what went out
            }
            pending.poll();
        }
        return written;
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
