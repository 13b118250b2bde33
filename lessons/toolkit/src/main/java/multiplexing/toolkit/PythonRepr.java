package multiplexing.toolkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Values written the way Python's {@code print()} shows them, so that the Java ports of the seed (lessons 05 and 06)
 * print what the Python servers print: bytes as a literal such as {@code b'hello\n'}, addresses as a tuple such as
 * {@code ('127.0.0.1', 8888)}.
 *
 * <p>A bytes literal shows every byte that is not printable ASCII as an escape ({@code \xc3}), so binary data and
 * text in any encoding are logged without decoding them: the servers never guess a charset.
 */
public final class PythonRepr {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonRepr() {
    }

    /** {@code repr(bytes)}: {@code b'hello\n'}; double quotes when the bytes hold a {@code '} but no {@code "}. */
    public static String bytes(byte[] bytes) {
        return bytes(ByteBuffer.wrap(bytes));
    }

    /** The bytes between the buffer's position and limit, as {@link #bytes(byte[])} writes them; the buffer does not move. */
    public static String bytes(ByteBuffer buffer) {
        char quote = contains(buffer, '\'') && !contains(buffer, '"') ? '"' : '\'';
        StringBuilder literal = new StringBuilder(buffer.remaining() + 3).append('b').append(quote);
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            int b = buffer.get(i) & 0xff;
            switch (b) {
                case '\t' -> literal.append("\\t");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\\' -> literal.append("\\\\");
                default -> {
                    if (b == quote) {
                        literal.append('\\').append(quote);
                    } else if (b < 0x20 || b >= 0x7f) {
                        literal.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
                    } else {
                        literal.append((char) b);
                    }
                }
            }
        }
        return literal.append(quote).toString();
    }

    /**
     * A socket address as Python's socket module returns it for IPv4: {@code ('127.0.0.1', 8888)}. (The seed's
     * sockets are IPv4 only; an IPv6 host is written the way Java spells it, in the same two-item tuple.)
     */
    public static String address(InetSocketAddress address) {
        String host = address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
        return "('" + host + "', " + address.getPort() + ")";
    }

    private static boolean contains(ByteBuffer buffer, char c) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) == c) {
                return true;
            }
        }
        return false;
    }
}
