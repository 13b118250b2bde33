package multiplexing.testkit;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.fail;

/** Byte-array comparison whose failure says where the bytes differ, not just that they do. */
public final class Bytes {

    private Bytes() {
    }

    public static void assertSameBytes(byte[] expected, byte[] actual, String hint) {
        int common = Math.min(expected.length, actual.length);
        for (int i = 0; i < common; i++) {
            if (expected[i] != actual[i]) {
                fail(String.format("The reply differs at byte %,d of %,d: expected 0x%02x, got 0x%02x (around it, expected"
                                + " %s, got %s). %s", i, expected.length, expected[i], actual[i],
                        around(expected, i), around(actual, i), hint));
            }
        }
        if (expected.length != actual.length) {
            fail(String.format("The reply has %,d bytes, expected %,d. %s", actual.length, expected.length, hint));
        }
    }

    private static String around(byte[] bytes, int index) {
        int from = Math.max(0, index - 4);
        int to = Math.min(bytes.length, index + 5);
        return HexFormat.ofDelimiter(" ").formatHex(bytes, from, to);
    }
}
