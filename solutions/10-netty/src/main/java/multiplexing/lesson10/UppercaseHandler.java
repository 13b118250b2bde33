package multiplexing.lesson10;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import multiplexing.toolkit.Ascii;

/**
 * Uppercases the letters a to z of every read, in place, and passes the same buffer on: no copy, nothing to release.
 * It holds no state, so one instance serves every connection ({@code @Sharable}).
 */
@Sharable
final class UppercaseHandler extends ChannelInboundHandlerAdapter {

    static final UppercaseHandler INSTANCE = new UppercaseHandler();

    private UppercaseHandler() {
    }

    // tag::uppercase[]
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
            bytes.setByte(i, Ascii.toUpperCase(bytes.getByte(i)));
        }
        ctx.fireChannelRead(bytes); // ownership moves on with it
    }
    // end::uppercase[]
}
