package multiplexing.benchmark.runner;

import java.util.List;
import java.util.Optional;

/** Every server of the course the runner knows: adding one is adding its line here. */
public final class Servers {

    // tag::servers[]
    public static final List<ServerSpec> ALL = List.of(
            ServerSpec.java("02-thread-per-connection", "02 thread per connection",
                    "multiplexing.lesson02.ThreadPerConnectionEchoServer"),
            ServerSpec.java("03-nonblocking-busy-loop", "03 busy loop",
                    "multiplexing.lesson03.BusyLoopEchoServer").idleConnectionsOnly(),
            ServerSpec.java("04-select-style", "04 select style",
                    "multiplexing.lesson04.SelectStyleEchoServer"),
            ServerSpec.java("05-epoll-echo", "05 seed's epoll loop",
                    "multiplexing.lesson05.EpollEchoServer"),
            ServerSpec.java("06-epoll-uppercase", "06 seed's uppercase loop",
                    "multiplexing.lesson06.EpollUppercaseServer").replyingInUppercase(),
            ServerSpec.java("07-robust-echo", "07 one selector",
                    "multiplexing.lesson07.RobustEchoServer"),
            ServerSpec.java("08-multi-reactor", "08 reactor per core",
                    "multiplexing.lesson08.MultiReactorEchoServer"),
            ServerSpec.java("09-virtual-threads", "09 virtual threads",
                    "multiplexing.lesson09.VirtualThreadEchoServer"),
            ServerSpec.java("10-netty-nio", "10 Netty NIO",
                    "multiplexing.lesson10.NettyEchoServer", "--transport", "nio", "--threads", "1"),
            ServerSpec.java("10-netty-epoll", "10 Netty epoll",
                    "multiplexing.lesson10.NettyEchoServer", "--transport", "epoll", "--threads", "1"),
            ServerSpec.java("10-netty-io_uring", "10 Netty io_uring",
                    "multiplexing.lesson10.NettyEchoServer", "--transport", "io_uring", "--threads", "1"),
            ServerSpec.java("11-raw-epoll", "11 raw epoll",
                    "multiplexing.lesson11.RawEpollEchoServer"),
            ServerSpec.java("11-raw-epoll-et", "11 raw epoll, edge-triggered",
                    "multiplexing.lesson11.RawEpollEchoServer", "--edge-triggered"),
            ServerSpec.seedPython("seed-v1-python", "seed variant 1 (Python)"));
    // end::servers[]

    private Servers() {
    }

    public static Optional<ServerSpec> byId(String id) {
        return ALL.stream().filter(server -> server.id().equals(id)).findFirst();
    }

    /** The servers with these ids, in this order. */
    public static List<ServerSpec> named(String... ids) {
        return List.of(ids).stream().map(id -> byId(id).orElseThrow(
                () -> new IllegalArgumentException("No server called '" + id + "'."))).toList();
    }
}
