package multiplexing.lesson10;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The three ways Netty can wait for sockets on Linux. Each one is a pair: the {@link IoHandlerFactory} that makes an
 * event loop's I/O handler (what waits), and the server channel class that runs on it (what accepts). The two must
 * match: an epoll channel cannot register with an NIO event loop.
 */
// tag::transport[]
public enum Transport {

    /** The JDK's {@code Selector}: epoll on Linux, kqueue on macOS, everywhere Java runs. */
    NIO("nio") {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannelClass() {
            return NioServerSocketChannel.class;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.empty();
        }
    },

    /** Netty's own JNI calls to epoll_create1, epoll_ctl and epoll_wait: Linux only. */
    EPOLL("epoll") {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannelClass() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Epoll.isAvailable() ? Optional.empty() : Optional.of(Epoll.unavailabilityCause());
        }
    },

    /** Linux's io_uring: reads and writes submitted to a ring and completed by the kernel (Linux 5.x and later). */
    IO_URING("io_uring") {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return IoUringIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannelClass() {
            return IoUringServerSocketChannel.class;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return IoUring.isAvailable() ? Optional.empty() : Optional.of(IoUring.unavailabilityCause());
        }
    };
    // end::transport[]

    private final String optionName;

    Transport(String optionName) {
        this.optionName = optionName;
    }

    /** Makes each event loop's I/O handler: the part that waits for and performs the I/O. */
    public abstract IoHandlerFactory ioHandlerFactory();

    /** The listening channel that runs on this transport's event loops. */
    public abstract Class<? extends ServerChannel> serverChannelClass();

    /** Why Netty cannot use this transport here (no native library for this OS or CPU, io_uring disabled...). */
    public abstract Optional<Throwable> unavailabilityCause();

    public boolean isAvailable() {
        return unavailabilityCause().isEmpty();
    }

    /** The name {@code --transport} takes. */
    public String optionName() {
        return optionName;
    }

    /**
     * Native epoll where it loads (Netty's long-standing Linux transport), then io_uring (out of Netty's incubator
     * since 4.2 only), and NIO last: it works everywhere.
     */
    public static Transport best() {
        return Arrays.stream(new Transport[] {EPOLL, IO_URING}).filter(Transport::isAvailable).findFirst().orElse(NIO);
    }

    /** The transport named {@code name}, or empty. */
    public static Optional<Transport> named(String name) {
        return Arrays.stream(values()).filter(t -> t.optionName.equals(name.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** One sentence: why this transport cannot be used, in Netty's words. */
    public String unavailableSentence() {
        Throwable cause = unavailabilityCause().orElseThrow();
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root != cause && root.getMessage() != null) {
            reason += " (" + root.getMessage() + ")";
        }
        return "The " + optionName + " transport is not available here: " + reason
                + ". Use --transport nio, which works everywhere.";
    }

    @Override
    public String toString() {
        return optionName;
    }
}
