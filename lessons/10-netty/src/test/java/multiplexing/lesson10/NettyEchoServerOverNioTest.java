package multiplexing.lesson10;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Lesson 10: NettyEchoServer over nio")
class NettyEchoServerOverNioTest extends NettyEchoServerContract {

    @Override
    public Transport transport() {
        return Transport.NIO;
    }
}
