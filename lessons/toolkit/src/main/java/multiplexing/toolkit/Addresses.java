package multiplexing.toolkit;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Prints socket addresses the way people type them: {@code 127.0.0.1:8888}, {@code [::1]:8888}. */
public final class Addresses {

    private Addresses() {
    }

    public static String format(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return address.getHostString() + ":" + address.getPort();
        }
        String host = address.getAddress().getHostAddress();
        return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
