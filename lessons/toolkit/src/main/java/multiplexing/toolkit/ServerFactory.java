package multiplexing.toolkit;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Creates a bound server: usually a constructor reference such as {@code BlockingEchoServer::new}. */
@FunctionalInterface
public interface ServerFactory {

    Server open(InetSocketAddress bindAddress, EventLog log) throws IOException;
}
