package multiplexing.lesson10;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import multiplexing.testkit.Payloads;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Todo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The echo handler alone, on Netty's {@link EmbeddedChannel}: no socket, no thread, each event fired by hand, so a
 * mistake shows at once and says which method holds it.
 */
@DisplayName("Lesson 10: EchoHandler, one event at a time")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EchoHandlerTest {

    private final AtomicReference<Todo> unfinished = new AtomicReference<>();
    private EmbeddedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = new EmbeddedChannel(new EchoHandler(new PendingCount(), EventLog.SILENT, false, unfinished::set));
    }

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    // tag::read-then-flush[]
    @Test
    @DisplayName("channelRead writes without flushing; channelReadComplete flushes: the bytes go out then, unchanged")
    void readWritesAndReadCompleteFlushes() {
        byte[] sent = Payloads.random(1000);
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(sent));
        rethrowTodo();
        ByteBuf early = channel.readOutbound();
        if (early != null) {
            early.release();
        }
        assertThat(early).as("The bytes went out during channelRead: it flushed. Write there with ctx.write(msg);"
                + " flush once, in channelReadComplete, so that one flush sends all the reads of one round.").isNull();

        channel.pipeline().fireChannelReadComplete();
        rethrowTodo();
        assertSameBytes(sent, drainOutbound(),
                "Nothing, or not these bytes, went out after channelReadComplete: channelRead must pass the buffer to"
                        + " ctx.write(msg) and leave its release to Netty, and channelReadComplete must call"
                        + " ctx.flush().");
    }
    // end::read-then-flush[]

    @Test
    @DisplayName("three reads in one round go out at the one flush, in order")
    void severalReadsOneFlush() {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] piece = Payloads.random(100 + i);
            sent.writeBytes(piece);
            channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(piece));
            rethrowTodo();
        }
        channel.pipeline().fireChannelReadComplete();
        rethrowTodo();
        assertSameBytes(sent.toByteArray(), drainOutbound(),
                "Every read of a round must be written (ctx.write, no release: Netty releases it once sent), in the"
                        + " order read, and all of them flushed at the end.");
    }

    @Test
    @DisplayName("the buffer read is the buffer written: once it is on the wire, nothing holds it any more")
    void theReadBufferIsReleasedOnceWritten() {
        ByteBuf read = Unpooled.directBuffer(64).writeBytes(Payloads.random(64));
        channel.pipeline().fireChannelRead(read);
        channel.pipeline().fireChannelReadComplete();
        rethrowTodo();
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("Nothing went out: channelRead must ctx.write(msg), channelReadComplete ctx.flush().")
                .isNotNull();
        out.release(); // what the socket does once the bytes are sent

        assertThat(read.refCnt()).as("The buffer channelRead received is still referenced after its bytes went out:"
                + " ctx.write(msg) hands it on and Netty releases it when written. If you wrote a copy, release the"
                + " original; better, write the original itself.").isZero();
    }

    // tag::writability[]
    @Test
    @DisplayName("past the high water mark the handler stops reading (autoRead off); below the low mark it reads again")
    void autoReadFollowsWritability() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 4096));
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(Payloads.random(8192)));
        rethrowTodo();
        assertThat(channel.isWritable()).as("8 KiB written, not yet flushed, is over the 4 KiB high water mark:"
                + " Netty should mark the channel not writable. Does channelRead ctx.write(msg), without flushing?")
                .isFalse();
        assertThat(channel.config().isAutoRead()).as("The channel is not writable (8 KiB wait to be written, over"
                + " the high water mark), yet autoRead is still on: in channelWritabilityChanged, stop reading"
                + " (setAutoRead(false)) while the channel is not writable.").isFalse();

        channel.pipeline().fireChannelReadComplete(); // the flush empties the outbound buffer: writable again
        rethrowTodo();
        drainOutbound();
        assertThat(channel.isWritable()).isTrue();
        assertThat(channel.config().isAutoRead()).as("The channel is writable again, but autoRead stayed off: this"
                + " client would never be read from again. In channelWritabilityChanged, setAutoRead(true) once"
                + " isWritable() is true.").isTrue();
    }
    // end::writability[]

    /** An unfinished step throws Todo inside the handler; Netty hands it to exceptionCaught: show it as it is. */
    private void rethrowTodo() {
        Todo todo = unfinished.get();
        if (todo != null) {
            throw todo;
        }
    }

    private byte[] drainOutbound() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buffer = channel.readOutbound(); buffer != null; buffer = channel.readOutbound()) {
            out.writeBytes(ByteBufUtil.getBytes(buffer));
            buffer.release();
        }
        return out.toByteArray();
    }
}
