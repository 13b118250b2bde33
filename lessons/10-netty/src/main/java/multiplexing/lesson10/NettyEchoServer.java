package multiplexing.lesson10;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.PendingOutput;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.Todo;

/**
 * The echo server of lessons 05 to 08 on Netty: one boss event loop accepts, worker event loops (one thread and one
 * epoll instance each, like lesson 08's reactors) serve the connections, and a pipeline of handlers does the work.
 * The same class runs over NIO, Netty's native epoll or io_uring: only the {@link Transport} changes.
 */
public final class NettyEchoServer implements Server, PendingOutput {

    private static final int BACKLOG = 1024;
    /** How long shutdownGracefully waits for straggling tasks; there are none after every channel is closed. */
    private static final long QUIET_PERIOD_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;

    private final Settings settings;
    private final EventLog log;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    /** Every open connection, so that close() can close them all; Netty removes a channel when it closes. */
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private final PendingCount pending = new PendingCount();
    private final AtomicReference<Todo> unfinished = new AtomicReference<>();
    private final Channel listener;

    /** An echo server over the best transport available: the constructor {@code ServerFactory} and the tests expect. */
    public NettyEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this(bindAddress, log, Settings.ECHO);
    }

    NettyEchoServer(InetSocketAddress bindAddress, EventLog log, Settings settings) throws IOException {
        this.settings = settings;
        this.log = log;
        this.boss = newGroup(1);
        this.workers = newGroup(settings.workers());
        try {
            this.listener = bind(bindAddress);
        } catch (IOException | RuntimeException e) {
            shutDownGroups();
            throw e;
        }
    }

    public static void main(String[] args) {
        NettyCommandLine.launch("NettyEchoServer", 8888, Settings.ECHO, args);
    }

    // tag::groups[]
    /** An event loop group whose loops wait the transport's way: each loop is one thread with one I/O handler. */
    private EventLoopGroup newGroup(int threads) {
        // TODO Step 1: make an event loop group of `threads` loops that wait the way this server's transport does.
        //  - new MultiThreadIoEventLoopGroup(threads, factory), where the factory comes from the transport:
        //    settings.transport().ioHandlerFactory() (NIO, native epoll or io_uring: see Transport).
        throw new Todo("create the event loop group in NettyEchoServer.newGroup()"
                + " (course: lesson 10, section \"Step 1: the bootstrap\").");
    }
    // end::groups[]

    // tag::bootstrap[]
    private Channel bind(InetSocketAddress bindAddress) throws IOException {
        // TODO Step 1: describe the server to a ServerBootstrap, then bind it.
        //  - group(boss, workers): the boss group accepts, the workers serve the accepted connections;
        //  - channel(...): the listening channel class of this server's transport (settings.transport());
        //  - option(ChannelOption.SO_BACKLOG, BACKLOG) for the listener; for every accepted connection:
        //    childOption ALLOW_HALF_CLOSURE true (a FIN ends the input only), WRITE_BUFFER_WATER_MARK
        //    Settings.WATER_MARK, and RECVBUF_ALLOCATOR new AdaptiveRecvByteBufAllocator(64, 2048, Settings.MAX_READ);
        //  - childHandler(new ChannelInitializer<Channel>() { ... }): its initChannel(channel) runs once per new
        //    connection: connections.add(channel), then addHandlers(channel.pipeline());
        //  - return awaitBound(bootstrap.bind(bindAddress), bindAddress).
        throw new Todo("bootstrap and bind the server in NettyEchoServer.bind()"
                + " (course: lesson 10, section \"Step 1: the bootstrap\").");
    }
    // end::bootstrap[]

    // tag::pipeline[]
    private void addHandlers(ChannelPipeline pipeline) {
        if (settings.uppercase()) {
            pipeline.addLast(UppercaseHandler.INSTANCE); // inbound bytes pass through it first
        }
        pipeline.addLast(new EchoHandler(pending, log, settings.verbose(), this::stopUnfinished));
    }
    // end::pipeline[]

    /** Waits for the bind to finish; a port in use becomes the JDK's BindException, whatever the transport says. */
    private static Channel awaitBound(io.netty.channel.ChannelFuture bound, InetSocketAddress bindAddress)
            throws IOException {
        bound.awaitUninterruptibly();
        Throwable failure = bound.cause();
        if (failure == null) {
            return bound.channel();
        }
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof BindException bindException) {
            throw bindException;
        }
        if (message.contains("Address already in use")) {
            throw new BindException("Address already in use");
        }
        if (failure instanceof IOException ioException) {
            throw ioException;
        }
        throw new IOException("binding " + bindAddress + " failed: " + message, failure);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public long pendingLimit() {
        // Netty stops reading once a write passes the high water mark; the read that passed it is already in.
        return Settings.HIGH_WATER_MARK + Settings.MAX_READ;
    }

    @Override
    public long pendingBytes() {
        return pending.total();
    }

    @Override
    public long peakPendingBytes() {
        return pending.peak();
    }

    /** The transport actually in use. */
    public Transport transport() {
        return settings.transport();
    }

    /** True once both groups have stopped: every event loop thread has ended. */
    boolean eventLoopsTerminated() {
        return boss.isTerminated() && workers.isTerminated();
    }

    /** Blocks until the server is closed: Netty's threads do the serving, this one only waits. */
    @Override
    public void serve() {
        listener.closeFuture().awaitUninterruptibly();
        Todo todo = unfinished.get();
        if (todo != null) {
            throw todo;
        }
    }

    // tag::close[]
    /** Stops accepting, closes every connection, then stops the event loops and waits for their threads to end. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly();
        shutDownGroups();
    }
    // end::close[]

    private void shutDownGroups() {
        boss.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        boss.terminationFuture().awaitUninterruptibly();
        workers.terminationFuture().awaitUninterruptibly();
    }

    /** An unfinished exercise: stop serving, so that serve() ends with the TODO's message. */
    private void stopUnfinished(Todo todo) {
        if (unfinished.compareAndSet(null, todo)) {
            listener.close();
        }
    }
}
