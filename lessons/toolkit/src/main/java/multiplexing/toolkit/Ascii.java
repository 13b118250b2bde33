package multiplexing.toolkit;

import java.nio.ByteBuffer;

/**
 * Uppercase the way Python's {@code bytes.upper()} does it: bytes {@code a} to {@code z} become {@code A} to
 * {@code Z}, every other byte stays as it is. No charset is involved, so {@code "héllo ß"} in UTF-8 comes back as
 * {@code "HéLLO ß"}, and a multi-byte character split across two reads survives intact.
 */
public final class Ascii {

    private Ascii() {
    }

    public static byte toUpperCase(byte b) {
        return b >= 'a' && b <= 'z' ? (byte) (b - ('a' - 'A')) : b;
    }

    /** Uppercases the bytes between the buffer's position and limit, in place; position and limit do not move. */
    public static void toUpperCase(ByteBuffer buffer) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            buffer.put(i, toUpperCase(buffer.get(i)));
        }
    }

    /** A copy of {@code bytes}, uppercased. */
    public static byte[] toUpperCase(byte[] bytes) {
        byte[] upper = bytes.clone();
        for (int i = 0; i < upper.length; i++) {
            upper[i] = toUpperCase(upper[i]);
        }
        return upper;
    }
}
