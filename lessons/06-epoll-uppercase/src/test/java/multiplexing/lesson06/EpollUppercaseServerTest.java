package multiplexing.lesson06;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.ConcurrentEchoContract;
import multiplexing.testkit.Eventually;
import multiplexing.testkit.LateReading;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.RecordingLog;
import multiplexing.testkit.ServerFixture;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.PythonRepr;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The echo contract with uppercase replies: every inherited test (all 256 byte values, 1 MiB in random chunks, many
 * clients at once) expects what Python's {@code bytes.upper()} would send back.
 */
@DisplayName("Lesson 06: EpollUppercaseServer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EpollUppercaseServerTest extends ConcurrentEchoContract {

    @Override
    protected ServerFactory server() {
        return EpollUppercaseServer::new;
    }

    @Override
    protected byte[] expectedReply(byte[] sent) {
        return Ascii.toUpperCase(sent);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // tag::ascii-only[]
    @Test
    @DisplayName("uppercases ASCII letters only: 'hello' becomes 'HELLO', 'héllo ß' becomes 'HéLLO ß' byte for byte")
    void uppercasesAsciiLettersOnly() throws IOException {
        try (TestClient client = fixture.connect()) {
            client.send(utf8("hello"));
            assertUppercasedAsciiOnly(utf8("hello"), client.receive(5));
            client.send(utf8("héllo ß"));
            assertUppercasedAsciiOnly(utf8("héllo ß"), client.receive(utf8("héllo ß").length));
        }
    }

    @Test
    @DisplayName("changes a-z only: each of the 256 byte values comes back as bytes.upper() gives it back")
    void changesOnlyTheBytesAToZ() throws IOException {
        byte[] every = Payloads.everyByteValue();
        try (TestClient client = fixture.connect()) {
            client.send(every);
            assertUppercasedAsciiOnly(every, client.receive(every.length));
        }
    }
    // end::ascii-only[]

    // tag::split-character[]
    @Test
    @DisplayName("a UTF-8 character split across two reads comes back intact")
    void keepsACharacterSplitAcrossReads() throws IOException {
        byte[] e = utf8("é"); // two bytes, c3 a9: neither is a character on its own
        try (TestClient client = fixture.connect()) {
            byte[] first = {'h', e[0]};
            client.send(first);
            assertUppercasedAsciiOnly(first, client.receive(first.length));
            byte[] second = {e[1], 'l', 'l', 'o'};
            client.send(second); // the second half arrives in a read of its own
            assertUppercasedAsciiOnly(second, client.receive(second.length));
        }
    }
    // end::split-character[]

    // tag::late-reader[]
    @Test
    @DisplayName("one reply pending at a time: a client that sends 16 MiB before it reads anything gets every byte back")
    void aLateReaderGetsEveryByte() throws IOException {
        byte[] payload = Payloads.random(LateReading.PAYLOAD);
        try (TestClient client = fixture.connect()) {
            byte[] reply;
            try {
                reply = LateReading.sendThenRead(client, payload, payload.length);
            } catch (IOException e) {
                fixture.assertLoopRunning(); // the loop died and took the connection with it: say why
                throw e;
            }
            fixture.assertLoopRunning(); // if the loop died, its exception is the better explanation
            if (reply.length == payload.length) {
                assertUppercasedAsciiOnly(payload, reply); // every byte came: which one is wrong, if any
            }
            LateReading.assertWholeReply(expectedReply(payload), reply);
        }
    }
    // end::late-reader[]

    // tag::blocking-register[]
    @Test
    @DisplayName("Java refuses what variant 2 does: registering a blocking channel throws IllegalBlockingModeException")
    void registeringABlockingChannelFails() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept();
             Selector selector = Selector.open()) {
            assertThat(accepted.getRemoteAddress()).as("the accepted channel is our client's").isEqualTo(client.getLocalAddress());
            assertThat(accepted.isBlocking()).as("an accepted channel starts in blocking mode").isTrue();
            assertThatThrownBy(() -> accepted.register(selector, SelectionKey.OP_READ))
                    .isInstanceOf(IllegalBlockingModeException.class);

            accepted.configureBlocking(false);
            assertThat(accepted.register(selector, SelectionKey.OP_READ).isValid()).isTrue();
        }
    }
    // end::blocking-register[]

    @Test
    @DisplayName("prints variant 2's messages in English, in the seed's order, for one client's exchange")
    void printsTheSeedsMessages() throws IOException, InterruptedException {
        RecordingLog log = new RecordingLog();
        try (ServerFixture server = ServerFixture.start(EpollUppercaseServer::new, log);
             TestClient client = server.connect()) {
            String peer = PythonRepr.address((InetSocketAddress) client.socket().getLocalSocketAddress());
            client.send(utf8("hello\n"));
            // Step by step, so that a server that stops short shows in its log where it stopped.
            awaitLogged(server, log, "The client's address is: " + peer);
            awaitLogged(server, log, "Message received b'hello\\n'");
            assertUppercasedAsciiOnly(utf8("hello\n"), client.receive(6));
            client.send(utf8("bye\n"));
            log.awaitLine("Message received b'bye\\n'");

            assertThat(log.lines()).as("the server's log, which must hold these lines in this order").containsSubsequence(
                    "Server started successfully, listening on IP: " + PythonRepr.address(server.address()),
                    "Waiting for clients to connect...",
                    "1 new event(s), processing...",
                    "The client's address is: " + peer,
                    "Waiting for clients to connect...",
                    "1 new event(s), processing...",
                    "Message received b'hello\\n'",
                    "Waiting for clients to connect...",
                    "1 new event(s), processing...",
                    "Waiting for clients to connect...",
                    "1 new event(s), processing...",
                    "Message received b'bye\\n'");
        }
    }

    /**
     * Checks {@code reply} against Python's {@code bytes.upper()} of {@code sent}, byte by byte, and names the first
     * byte that breaks the rule, what it became and, where the change gives it away, what did it.
     */
    private static void assertUppercasedAsciiOnly(byte[] sent, byte[] reply) {
        for (int i = 0; i < Math.min(sent.length, reply.length); i++) {
            byte expected = Ascii.toUpperCase(sent[i]);
            if (reply[i] == expected) {
                continue;
            }
            String what = String.format("byte %s (position %,d of %,d) became %s", show(sent[i]), i, sent.length,
                    show(reply[i]));
            if (sent[i] >= 'a' && sent[i] <= 'z') {
                throw new AssertionError(reply[i] == sent[i]
                        ? String.format("a-z must become A-Z: byte %s (position %,d of %,d) came back unchanged."
                                + " Uppercase every byte between the buffer's position and limit"
                                + " (Ascii.toUpperCase(data)) before writing it.", show(sent[i]), i, sent.length)
                        : "a-z must become A-Z: " + what + ", expected " + show(expected) + ".");
            }
            throw new AssertionError("Only a-z may change: " + what + "." + cause(sent, reply, i));
        }
        if (reply.length != sent.length) {
            throw new AssertionError(String.format("The reply has %,d bytes for %,d sent: bytes.upper() never changes"
                    + " the length.", reply.length, sent.length));
        }
    }

    /** What turned byte {@code i} into what came back, when the bytes that came back show it. */
    private static String cause(byte[] sent, byte[] reply, int i) {
        int unsigned = sent[i] & 0xff;
        if ((reply[i] & 0xff) == 0xef && (i + 1 == reply.length || (reply[i + 1] & 0xff) == 0xbf)) {
            return " ef bf bd (U+FFFD, the replacement character) begins there: the bytes were decoded as UTF-8"
                    + " text, and this one is not a character on its own. Never decode: uppercase the bytes with"
                    + " Ascii.toUpperCase.";
        }
        if (unsigned >= 0x80 && reply[i] == (byte) Character.toUpperCase((char) unsigned)) {
            return " That is Character.toUpperCase of the byte read as a character (U+00"
                    + String.format("%02X", unsigned) + "): bytes.upper() leaves every byte outside a-z alone; use"
                    + " Ascii.toUpperCase.";
        }
        return " bytes.upper() leaves every byte outside a-z as it is: use Ascii.toUpperCase, never a charset.";
    }

    private static String show(byte b) {
        int unsigned = b & 0xff;
        return unsigned >= 0x20 && unsigned < 0x7f
                ? String.format("0x%02x '%c'", unsigned, (char) unsigned)
                : String.format("0x%02x", unsigned);
    }

    /** Waits for {@code line} in the server's log; fails at once, with the server's exception, if its loop dies. */
    private static void awaitLogged(ServerFixture server, RecordingLog log, String line) {
        Eventually.await(server, () -> log.lines().contains(line), TestClient.REPLY_DEADLINE,
                () -> "the server has not logged \"" + line + "\". Its log so far:\n  "
                        + String.join("\n  ", log.lines()));
    }
}
