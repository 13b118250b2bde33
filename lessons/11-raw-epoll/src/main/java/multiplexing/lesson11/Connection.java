package multiplexing.lesson11;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import multiplexing.toolkit.PendingTally;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * One client, by file descriptor: what the seed keeps in its dictionaries ({@code rlist_socket[fd]}, {@code wdata}),
 * in one object. It holds the bytes read from the client that its socket has not taken back yet, in order, on the
 * Java heap; an idle client holds none.
 */
final class Connection {

    /** Kept bytes go into chunks of at least this size: a client trickling single bytes costs one chunk, not many. */
    private static final int CHUNK = 16 * 1024;

    /** Bytes kept for the client: {@code bytes[start, end)} has not been written yet. */
    private static final class Chunk {
        final byte[] bytes;
        int start;
        int end;

        Chunk(int capacity) {
            bytes = new byte[capacity];
        }
    }

    private final int fd;
    private final PendingTally tally;
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean inputEnded;
    private boolean open = true;
    /** The events epoll watches this descriptor for now: changed with EPOLL_CTL_MOD only when it must change. */
    private int interest;

    Connection(int fd, int interest, PendingTally tally) {
        this.fd = fd;
        this.interest = interest;
        this.tally = tally;
    }

    int fd() {
        return fd;
    }

    int interest() {
        return interest;
    }

    void interest(int events) {
        interest = events;
    }

    long pendingBytes() {
        return pendingBytes;
    }

    boolean hasPending() {
        return pendingBytes > 0;
    }

    boolean isOpen() {
        return open;
    }

    /** The client has shut down its output (read returned 0): it sends nothing more, but may still be reading. */
    void endInput() {
        inputEnded = true;
    }

    boolean inputEnded() {
        return inputEnded;
    }

    /**
     * Writes {@code length} bytes of {@code bytes} behind whatever is pending; what the socket does not take now is
     * kept. Returns the bytes written.
     */
    int send(MemorySegment bytes, int length) throws NativeCallException {
        int written = 0;
        if (pending.isEmpty()) {
            int n = Libc.write(fd, bytes, length); // usually takes everything; under pressure, part or nothing
            written = n == Libc.WOULD_BLOCK ? 0 : n;
        }
        if (written < length) {
            keep(bytes, written, length - written);
        }
        return written;
    }

    /**
     * Writes pending bytes, through {@code scratch} (native memory: write(2) cannot read the Java heap), until none
     * are left or write says EAGAIN: the socket's send buffer is full, and EPOLLOUT will say when it has room.
     * Returns the bytes written.
     */
    int flush(MemorySegment scratch) throws NativeCallException {
        int written = 0;
        for (Chunk head; (head = pending.peek()) != null; ) {
            int n = (int) Math.min(head.end - head.start, scratch.byteSize());
            MemorySegment.copy(head.bytes, head.start, scratch, JAVA_BYTE, 0, n);
            int w = Libc.write(fd, scratch, n);
            if (w == Libc.WOULD_BLOCK) {
                break;
            }
            head.start += w;
            written += w;
            pendingBytes -= w;
            tally.shrank(w);
            if (head.start == head.end) {
                pending.poll();
            }
        }
        return written;
    }

    /** Copies {@code bytes[offset, offset + n)} behind the pending bytes: the loop reuses its buffer at once. */
    private void keep(MemorySegment bytes, int offset, int n) {
        Chunk tail = pending.peekLast();
        if (tail == null || tail.bytes.length - tail.end < n) {
            tail = new Chunk(Math.max(CHUNK, n));
            pending.add(tail);
        }
        MemorySegment.copy(bytes, JAVA_BYTE, offset, tail.bytes, tail.end, n);
        tail.end += n;
        pendingBytes += n;
        tally.grew(n, pendingBytes);
    }

    /** Closes the descriptor, once, and lets go of the bytes nobody will read now. */
    void close() {
        if (!open) {
            return; // a descriptor number is reused by the next accept: a second close would close a stranger's
        }
        open = false;
        Sockets.closeQuietly(fd);
        tally.shrank(pendingBytes);
        pendingBytes = 0;
        pending.clear();
    }
}
