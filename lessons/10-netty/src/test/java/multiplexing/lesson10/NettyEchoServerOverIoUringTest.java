package multiplexing.lesson10;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Lesson 10: NettyEchoServer over io_uring")
class NettyEchoServerOverIoUringTest extends NettyEchoServerContract {

    @Override
    public Transport transport() {
        return Transport.IO_URING;
    }
}
