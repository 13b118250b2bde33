package multiplexing.lesson10;

import java.util.concurrent.TimeUnit;
import multiplexing.testkit.EchoContract;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** One more handler in the pipeline: the echo contract holds over every transport, with letters a to z uppercased. */
@DisplayName("Lesson 10: NettyUppercaseServer")
@ParameterizedClass(name = "over {0}")
@EnumSource(Transport.class)
@ExtendWith(AvailableTransports.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyUppercaseServerTest extends EchoContract implements AvailableTransports.OnTransport {

    @Parameter
    Transport transport;

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    protected ServerFactory server() {
        return (address, log) -> new NettyEchoServer(address, log,
                NettyUppercaseServer.UPPERCASE.withTransport(transport));
    }

    @Override
    protected byte[] expectedReply(byte[] sent) {
        return Ascii.toUpperCase(sent);
    }

    @AfterAll
    static void noByteBufLeaked() {
        LeakWatch.assertNoLeaks();
    }
}
