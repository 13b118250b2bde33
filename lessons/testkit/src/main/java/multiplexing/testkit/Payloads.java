package multiplexing.testkit;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Test data: random bytes (every value from 0 to 255 can occur), and the 256 byte values in order. */
public final class Payloads {

    private Payloads() {
    }

    public static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** Bytes 0x00, 0x01, ... 0xFF: a server that decodes text, or treats a byte as signed, will not echo these. */
    public static byte[] everyByteValue() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    /** A chunk size from 1 to {@code max}: writes of odd sizes catch servers that assume one read = one message. */
    public static int chunkSize(Random random, int max) {
        return 1 + random.nextInt(max);
    }
}
