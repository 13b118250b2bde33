package multiplexing.lesson10;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leak check the server tests end with can fail: a handler that drops what it reads is caught. */
@DisplayName("Lesson 10: the ByteBuf leak check")
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LeakDetectionTest {

    /** Takes every buffer and neither passes it on nor releases it: the classic Netty leak. */
    private static final class LeakingHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).touch(LeakWatch.DELIBERATE); // and then forgotten
        }
    }

    @Test
    @DisplayName("a handler that neither passes on nor releases the buffers it reads fails the leak check")
    void aLeakingHandlerIsCaught() {
        EmbeddedChannel channel = new EmbeddedChannel(new LeakingHandler());
        for (int i = 0; i < 10; i++) {
            channel.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer(1024).writeZero(1024));
        }
        channel.finishAndReleaseAll();

        assertThat(LeakWatch.awaitDeliberateLeak(Duration.ofSeconds(10)))
                .as("Netty reported no leak for buffers nobody released: is the leak detector at PARANOID, and is"
                        + " RecordingLeakDetector installed (io.netty.customResourceLeakDetector in the pom)?")
                .isTrue();
        assertThatThrownBy(() -> LeakWatch.assertNoLeaks(leak -> true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("never released")
                .hasMessageContaining(LeakWatch.DELIBERATE);
    }
}
