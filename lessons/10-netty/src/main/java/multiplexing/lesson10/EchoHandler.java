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
        // TODO Step 2: hand the bytes read to the outbound side, without flushing.
        //  - msg is a ByteBuf holding what one read returned; ctx.write(msg) queues it and takes it over: do not
        //    release it, and do not flush here;
        //  - count it for the tests: counted(bytes.readableBytes(), ctx.write(bytes)).
        throw new Todo("write what was read in EchoHandler.channelRead()"
                + " (course: lesson 10, section \"Step 2: read, write, flush\").");
    }

    /** The read loop has ended this round (socket empty or read budget spent): one flush sends what it wrote. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // TODO Step 2: send what this round's channelRead calls wrote: ctx.flush().
        throw new Todo("flush in EchoHandler.channelReadComplete()"
                + " (course: lesson 10, section \"Step 2: read, write, flush\").");
    }
    // end::read[]

    // tag::backpressure[]
    /**
     * Netty calls this when the bytes waiting to be written cross a water mark: above the high mark the channel is
     * not writable, and reading more would only pile up more; below the low mark it is writable again.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // TODO Step 3: read only while the channel is writable.
        //  - ctx.channel().isWritable() is false above the high water mark, true again below the low one;
        //  - ctx.channel().config().setAutoRead(...) to match: off stops reading this socket, on resumes it;
        //  - then pass the event on: ctx.fireChannelWritabilityChanged().
        throw new Todo("stop and resume reading in EchoHandler.channelWritabilityChanged()"
                + " (course: lesson 10, section \"Step 3: backpressure by writability\").");
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
