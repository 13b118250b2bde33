package multiplexing.lesson11;

import java.util.Map;

/**
 * The {@code errno} values this lesson meets, with their names from {@code <errno.h>}. They are the same numbers on
 * x86_64 and aarch64 (both use the kernel's generic list); other values are shown as their number.
 */
public final class Errno {

    public static final int EINTR = 4;
    public static final int EBADF = 9;
    /** "Try again": a non-blocking call would have had to wait. The same number as {@code EWOULDBLOCK} on Linux. */
    public static final int EAGAIN = 11;
    public static final int ENOENT = 2;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    public static final int ENOTCONN = 107;
    public static final int ETIMEDOUT = 110;

    private record Entry(String name, String description) {
    }

    private static final Map<Integer, Entry> KNOWN = Map.ofEntries(
            Map.entry(EINTR, new Entry("EINTR", "Interrupted system call")),
            Map.entry(EBADF, new Entry("EBADF", "Bad file descriptor")),
            Map.entry(EAGAIN, new Entry("EAGAIN", "Resource temporarily unavailable")),
            Map.entry(ENOENT, new Entry("ENOENT", "No such file or directory")),
            Map.entry(EEXIST, new Entry("EEXIST", "File exists")),
            Map.entry(EINVAL, new Entry("EINVAL", "Invalid argument")),
            Map.entry(ENFILE, new Entry("ENFILE", "Too many open files in system")),
            Map.entry(EMFILE, new Entry("EMFILE", "Too many open files")),
            Map.entry(EPIPE, new Entry("EPIPE", "Broken pipe")),
            Map.entry(EADDRINUSE, new Entry("EADDRINUSE", "Address already in use")),
            Map.entry(EADDRNOTAVAIL, new Entry("EADDRNOTAVAIL", "Cannot assign requested address")),
            Map.entry(ECONNABORTED, new Entry("ECONNABORTED", "Software caused connection abort")),
            Map.entry(ECONNRESET, new Entry("ECONNRESET", "Connection reset by peer")),
            Map.entry(ENOTCONN, new Entry("ENOTCONN", "Transport endpoint is not connected")),
            Map.entry(ETIMEDOUT, new Entry("ETIMEDOUT", "Connection timed out")));

    private Errno() {
    }

    public static String name(int errno) {
        Entry entry = KNOWN.get(errno);
        return entry == null ? "errno " + errno : entry.name();
    }

    public static String description(int errno) {
        Entry entry = KNOWN.get(errno);
        return entry == null ? "see errno(3)" : entry.description();
    }
}
