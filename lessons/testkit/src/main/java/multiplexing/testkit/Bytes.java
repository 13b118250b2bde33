package multiplexing.testkit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Byte-array comparison whose failure says what was observed: where the bytes first differ, what was sent there,
 * what was expected and what came back, and what that pattern looks like (a replacement character, a repeat, a gap).
 */
public final class Bytes {

    /** How many bytes make a match "the same bytes" when looking for where a wrong reply came from. */
    private static final int PROBE = 8;

    private Bytes() {
    }

    /** Fails, saying where and how, unless {@code actual} equals {@code expected}; {@code hint} may be empty. */
    public static void assertSameBytes(byte[] expected, byte[] actual, String hint) {
        String difference = difference(null, expected, actual);
        if (difference != null) {
            fail(withHint(difference, hint));
        }
    }

    /**
     * Fails unless {@code actual} equals {@code expected}, the reply to {@code sent}: the message also says what was
     * sent at the first differing position, and what the difference looks like.
     */
    public static void assertReply(byte[] sent, byte[] expected, byte[] actual, String hint) {
        String difference = difference(sent, expected, actual);
        if (difference != null) {
            fail(withHint(difference, hint));
        }
    }

    /** The position of the first byte where the two differ, or -1 if they are equal (a shorter one differs at its end). */
    public static int firstDifference(byte[] expected, byte[] actual) {
        int common = Math.min(expected.length, actual.length);
        for (int i = 0; i < common; i++) {
            if (expected[i] != actual[i]) {
                return i;
            }
        }
        return expected.length == actual.length ? -1 : common;
    }

    /** Where {@code needle} occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Up to {@value #PROBE} bytes of {@code bytes} from {@code from}: enough to recognise where they came from. */
    static byte[] probe(byte[] bytes, int from) {
        int to = Math.min(bytes.length, from + PROBE);
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    /** The observed difference as a sentence or two; null if there is none. */
    static String difference(byte[] sent, byte[] expected, byte[] actual) {
        int i = firstDifference(expected, actual);
        if (i < 0) {
            return null;
        }
        if (i >= actual.length || i >= expected.length) {
            return String.format("The reply has %,d bytes, expected %,d; the first %,d are right.", actual.length,
                    expected.length, i);
        }
        StringBuilder text = new StringBuilder(String.format("The reply differs at byte %,d of %,d: expected 0x%02x,"
                + " got 0x%02x (around it, expected %s, got %s).", i, expected.length, expected[i], actual[i],
                around(expected, i), around(actual, i)));
        if (i == 1) {
            text.append(" The byte before it is right.");
        } else if (i > 1) {
            text.append(String.format(" The %,d bytes before it are right.", i));
        }
        for (String observation : observations(sent, expected, actual, i)) {
            text.append(' ').append(observation);
        }
        return text.toString();
    }

    private static List<String> observations(byte[] sent, byte[] expected, byte[] actual, int i) {
        List<String> seen = new ArrayList<>();
        if (sent != null && i < sent.length) {
            if (actual[i] == sent[i] && expected[i] != sent[i]) {
                seen.add(String.format("Byte 0x%02x came back as it was sent, but should have become 0x%02x.",
                        sent[i], expected[i]));
            } else if (expected[i] == sent[i] && actual[i] != sent[i]) {
                seen.add(String.format("Byte 0x%02x was sent and must come back unchanged, but became 0x%02x.",
                        sent[i], actual[i]));
            }
        }
        if (startsWithReplacementCharacter(actual, i)) {
            seen.add("0xef 0xbf 0xbd is U+FFFD in UTF-8, what a text decoder puts in place of bytes that are not"
                    + " valid text: the bytes went through a String on the way.");
        }
        if (allZero(actual, i)) {
            seen.add(String.format("From there on, all %,d bytes of the reply are 0x00.", actual.length - i));
        } else if (sent != null && actual.length - i >= PROBE) {
            int from = indexOf(sent, probe(actual, i));
            if (from >= 0 && from < i) {
                seen.add(String.format("The bytes from there on repeat what was sent from byte %,d: bytes were sent"
                        + " back twice.", from));
            } else if (from > i) {
                seen.add(String.format("The bytes from there on are what was sent from byte %,d: %,d bytes were"
                        + " skipped.", from, from - i));
            }
        }
        return seen;
    }

    private static boolean startsWithReplacementCharacter(byte[] actual, int i) {
        for (int at = Math.max(0, i - 2); at <= i && at + 2 < actual.length; at++) {
            if (actual[at] == (byte) 0xef && actual[at + 1] == (byte) 0xbf && actual[at + 2] == (byte) 0xbd) {
                return true;
            }
        }
        return false;
    }

    private static boolean allZero(byte[] bytes, int from) {
        if (bytes.length - from < 2) {
            return false;
        }
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String withHint(String observed, String hint) {
        return hint == null || hint.isBlank() ? observed : observed + " " + hint.strip();
    }

    private static String around(byte[] bytes, int index) {
        int from = Math.max(0, index - 4);
        int to = Math.min(bytes.length, index + 5);
        return HexFormat.ofDelimiter(" ").formatHex(bytes, from, to);
    }
}
