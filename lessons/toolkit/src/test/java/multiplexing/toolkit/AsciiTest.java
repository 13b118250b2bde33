package multiplexing.toolkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AsciiTest {

    @Test
    @DisplayName("changes a-z only, like Python's bytes.upper(): 'héllo ß' becomes 'HéLLO ß'")
    void upperCasesAsciiLettersOnly() {
        byte[] upper = Ascii.toUpperCase("héllo ß".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(upper, StandardCharsets.UTF_8)).isEqualTo("HéLLO ß");
    }

    @Test
    @DisplayName("maps each of the 256 byte values exactly as bytes.upper() does")
    void mapsEveryByteValue() {
        for (int value = 0; value < 256; value++) {
            byte expected = (byte) (value >= 'a' && value <= 'z' ? value - 32 : value);
            assertThat(Ascii.toUpperCase((byte) value)).as("byte 0x%02x", value).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("uppercases a buffer between position and limit, leaving both where they were")
    void upperCasesABufferInPlace() {
        ByteBuffer buffer = ByteBuffer.wrap("abc-def".getBytes(StandardCharsets.US_ASCII));
        buffer.position(1).limit(5);
        Ascii.toUpperCase(buffer);
        assertThat(new String(buffer.array(), StandardCharsets.US_ASCII)).isEqualTo("aBC-Def");
        assertThat(buffer.position()).isEqualTo(1);
        assertThat(buffer.limit()).isEqualTo(5);
    }
}
