package multiplexing.lesson10;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.function.Consumer;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Todo;

/**
 * Writes back what one connection sends. Netty calls it on the connection's event loop only, so its fields need no
 * locks; it holds per-connection state, so every connection gets its own instance.
 */
final class EchoHandler extends ChannelInboundHandlerAdapter {

    private final PendingCount pendingCount;
    private final EventLog log;
    private final boolean verbose;
    private final Consumer<Todo> unfinished;
    /** Bytes written to Netty for this connection and not yet on the wire. */
    private long pending;

    EchoHandler(PendingCount pendingCount, EventLog log, boolean verbose, Consumer<Todo> unfinished) {
        this.pendingCount = pendingCount;
        this.log = log;
        this.verbose = verbose;
        this.unfinished = unfinished;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (verbose) {
            log.log("New connection from " + ctx.channel().remoteAddress());
        }
        ctx.fireChannelActive();
    }

    // tag::read[]
    /** One read's bytes: hand them to the outbound side; they go out at the flush. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        // write() takes ownership of the buffer: Netty releases it once it is on the wire (or the channel closed).
        counted(bytes.readableBytes(), ctx.write(bytes));
    }

    /** The read loop has ended this round (socket empty or read budget spent): one flush sends what it wrote. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }
    // end::read[]

    // tag::backpressure[]
    /**
     * Netty calls this when the bytes waiting to be written cross a water mark: above the high mark the channel is
     * not writable, and reading more would only pile up more; below the low mark it is writable again.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }
    // end::backpressure[]

    /** Counts {@code length} bytes as held until {@code write} completes: what {@code PendingOutput} reports. */
    private void counted(int length, ChannelFuture write) {
        pending += length;
        pendingCount.grew(length, pending);
        write.addListener(done -> {
            pending -= length;
            pendingCount.shrank(length);
        });
    }

    // tag::half-close[]
    /** The client sent FIN: write out what is still queued, then close. ALLOW_HALF_CLOSURE makes Netty ask us. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // The empty buffer queues behind every pending write, so CLOSE runs once they are all on the wire.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireUserEventTriggered(event);
    }
    // end::half-close[]

    // tag::errors[]
    /** A reset, a broken pipe, a bug in a handler: it costs this connection, never the server. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Todo todo) {
            unfinished.accept(todo);
        } else {
            log.log("Connection " + ctx.channel().remoteAddress() + " lost (" + cause.getMessage() + ")");
        }
        ctx.close();
    }
    // end::errors[]

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (verbose) {
            log.log("Connection " + ctx.channel().remoteAddress() + " closed");
        }
        ctx.fireChannelInactive();
    }
}
