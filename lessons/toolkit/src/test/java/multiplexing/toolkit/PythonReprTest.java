package multiplexing.toolkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every expected string here is what CPython 3.11 printed for the same value. */
class PythonReprTest {

    private static String repr(String text) {
        return PythonRepr.bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("writes bytes as Python does: b'hello\\n'")
    void printableAscii() {
        assertThat(repr("hello\n")).isEqualTo("b'hello\\n'");
        assertThat(repr("")).isEqualTo("b''");
        assertThat(repr("back\\slash")).isEqualTo("b'back\\\\slash'");
    }

    @Test
    @DisplayName("picks the quote as Python does: double quotes only when the bytes hold ' and no \"")
    void quotes() {
        assertThat(repr("it's")).isEqualTo("b\"it's\"");
        assertThat(repr("say \"hi\"")).isEqualTo("b'say \"hi\"'");
        assertThat(repr("both ' and \"")).isEqualTo("b'both \\' and \"'");
    }

    @Test
    @DisplayName("escapes control bytes and every byte above 0x7e as \\xNN, except \\t \\n \\r")
    void escapes() {
        byte[] bytes = {0, 7, 8, 9, 10, 13, 27, 31, 32, 126, 127, (byte) 128, (byte) 255};
        assertThat(PythonRepr.bytes(bytes)).isEqualTo("b'\\x00\\x07\\x08\\t\\n\\r\\x1b\\x1f ~\\x7f\\x80\\xff'");
    }

    @Test
    @DisplayName("never decodes text: UTF-8 'héllo ß' is b'h\\xc3\\xa9llo \\xc3\\x9f'")
    void utf8StaysBytes() {
        assertThat(repr("héllo ß")).isEqualTo("b'h\\xc3\\xa9llo \\xc3\\x9f'");
    }

    @Test
    @DisplayName("shows a buffer between position and limit, and leaves both where they were")
    void buffer() {
        ByteBuffer buffer = ByteBuffer.wrap("xhello\ny".getBytes(StandardCharsets.US_ASCII));
        buffer.position(1).limit(7);
        assertThat(PythonRepr.bytes(buffer)).isEqualTo("b'hello\\n'");
        assertThat(buffer.position()).isEqualTo(1);
        assertThat(buffer.limit()).isEqualTo(7);
    }

    @Test
    @DisplayName("writes an IPv4 address as Python's socket tuple: ('127.0.0.1', 8888)")
    void address() throws UnknownHostException {
        assertThat(PythonRepr.address(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8888)))
                .isEqualTo("('127.0.0.1', 8888)");
    }
}
