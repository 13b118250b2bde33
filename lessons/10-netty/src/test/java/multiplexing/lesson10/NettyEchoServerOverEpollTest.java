package multiplexing.lesson10;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Lesson 10: NettyEchoServer over epoll")
class NettyEchoServerOverEpollTest extends NettyEchoServerContract {

    @Override
    public Transport transport() {
        return Transport.EPOLL;
    }
}
