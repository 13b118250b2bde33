package multiplexing.lesson11;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct epoll_event} from {@code <sys/epoll.h>}, and the event bits of its {@code events} field.
 *
 * <pre>{@code
 * struct epoll_event {
 *     uint32_t     events;  // EPOLLIN, EPOLLOUT, ... (what to watch for; what happened)
 *     epoll_data_t data;    // 64 bits the kernel hands back untouched: here, the file descriptor
 * };                        // declared __attribute__((packed)) on x86_64 only
 * }</pre>
 *
 * On x86_64 the struct is packed: {@code data} follows {@code events} at offset 4, and the struct is 12 bytes. On every
 * other Linux architecture (aarch64 among them) {@code data} is aligned to 8: offset 8, 16 bytes. Java cannot read
 * the C header, so the layout is chosen by {@code os.arch}.
 */
public final class EpollEvent {

    // tag::bits[]
    /** Readable: data to read, a connection to accept, or end of stream (a read returns 0). */
    public static final int EPOLLIN = 0x001;
    /** Writable: room in the send buffer. */
    public static final int EPOLLOUT = 0x004;
    /** An error on the socket (a reset, a timeout); always reported, whether asked for or not. */
    public static final int EPOLLERR = 0x008;
    /** Hang-up: both directions are shut down (or the connection was reset); always reported. */
    public static final int EPOLLHUP = 0x010;
    /** The peer shut down its writing half: a FIN arrived (a close or a half-close). Reported only if asked for. */
    public static final int EPOLLRDHUP = 0x2000;
    /** Edge-triggered: report a change of readiness once, instead of the state on every epoll_wait. */
    public static final int EPOLLET = 1 << 31;
    // end::bits[]

    // tag::layout[]
    /** The layout for this JVM's architecture. */
    public static final StructLayout LAYOUT = layoutFor(System.getProperty("os.arch"));
    /** Bytes from one event to the next in the array epoll_wait fills: 12 on x86_64, 16 elsewhere. */
    public static final long SIZE = LAYOUT.byteSize();
    /** Where {@code events} is in the struct: 0 everywhere. */
    public static final long EVENTS_OFFSET = LAYOUT.byteOffset(groupElement("events"));
    /** Where {@code data} is in the struct: 4 on x86_64 (packed), 8 elsewhere. */
    public static final long DATA_OFFSET = LAYOUT.byteOffset(groupElement("data"));

    static StructLayout layoutFor(String osArch) {
        if (osArch.equals("amd64") || osArch.equals("x86_64")) {
            // Packed: no padding, so data is not 8-byte aligned and must be read with an unaligned layout.
            return MemoryLayout.structLayout(
                    JAVA_INT.withName("events"),
                    JAVA_LONG_UNALIGNED.withName("data"));
        }
        return MemoryLayout.structLayout(
                JAVA_INT.withName("events"),
                MemoryLayout.paddingLayout(4),
                JAVA_LONG.withName("data"));
    }
    // end::layout[]

    private EpollEvent() {
    }

    /** The bits of {@code events} by name, for example {@code EPOLLIN|EPOLLRDHUP}; "0" for none. */
    public static String describe(int events) {
        List<String> names = new ArrayList<>();
        int rest = events;
        int[] bits = {EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDHUP, EPOLLET};
        String[] labels = {"EPOLLIN", "EPOLLOUT", "EPOLLERR", "EPOLLHUP", "EPOLLRDHUP", "EPOLLET"};
        for (int i = 0; i < bits.length; i++) {
            if ((events & bits[i]) != 0) {
                names.add(labels[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            names.add(String.format("0x%x", rest));
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }
}
