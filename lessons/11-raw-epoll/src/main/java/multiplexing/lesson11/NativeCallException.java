package multiplexing.lesson11;

import java.io.IOException;

/**
 * A system call returned -1: the exception names the call and the {@code errno} it left, as {@code strace} would show
 * them ({@code accept4: EMFILE (Too many open files)}).
 */
public class NativeCallException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public NativeCallException(String call, int errno) {
        super(call + ": " + Errno.name(errno) + " (" + Errno.description(errno) + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The system call that failed, for example {@code "epoll_ctl"}. */
    public String call() {
        return call;
    }

    /** The error number, for example {@link Errno#EAGAIN}. */
    public int errno() {
        return errno;
    }
}
