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
import multiplexing.testkit.RecordingLog;
import multiplexing.testkit.ServerFixture;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.Ascii;
import multiplexing.toolkit.PythonRepr;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;
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
            assertSameBytes(utf8("HELLO"), client.receive(5), "Uppercase a-z: subtract 32, or use Ascii.toUpperCase.");
            client.send(utf8("héllo ß"));
            assertSameBytes(utf8("HéLLO ß"), client.receive(utf8("héllo ß").length),
                    "bytes.upper() changes a-z only: é (c3 a9) and ß (c3 9f) must come back as the same bytes, not"
                            + " as É or SS. Work on bytes, never decode them as text.");
        }
    }
    // end::ascii-only[]

    // tag::split-character[]
    @Test
    @DisplayName("a UTF-8 character split across two reads comes back intact")
    void keepsACharacterSplitAcrossReads() throws IOException {
        byte[] e = utf8("é"); // two bytes, c3 a9: neither is a character on its own
        try (TestClient client = fixture.connect()) {
            client.send(new byte[] {'h', e[0]});
            assertSameBytes(new byte[] {'H', e[0]}, client.receive(2),
                    "Half a character must come back as it came: a server that decoded this read as text would"
                            + " turn the lone 0xc3 into a replacement character (ef bf bd).");
            client.send(new byte[] {e[1], 'l', 'l', 'o'});
            assertSameBytes(new byte[] {e[1], 'L', 'L', 'O'}, client.receive(4),
                    "The second half arrives in a read of its own and must come back unchanged too.");
        }
    }
    // end::split-character[]

    // tag::blocking-register[]
    @Test
    @DisplayName("Java refuses what variant 2 does: registering a blocking channel throws IllegalBlockingModeException")
    void registeringABlockingChannelFails() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept();
             Selector selector = Selector.open()) {
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
            client.roundTrip(utf8("hello\n"), utf8("HELLO\n"));
            String peer = PythonRepr.address((InetSocketAddress) client.socket().getLocalSocketAddress());
            client.send(utf8("bye\n"));
            log.awaitLine("Message received b'bye\\n'");

            assertThat(log.lines()).as("the server's log, which must hold these lines in this order").containsSubsequence(
                    "Server started successfully, listening on IP: " + PythonRepr.address(server.address()),
                    "Waiting for clients to connect...",
                    "There are 1 new events, starting to process...",
                    "The client's address is: " + peer,
                    "Waiting for clients to connect...",
                    "There are 1 new events, starting to process...",
                    "Message received b'hello\\n'",
                    "Waiting for clients to connect...",
                    "There are 1 new events, starting to process...",
                    "Waiting for clients to connect...",
                    "There are 1 new events, starting to process...",
                    "Message received b'bye\\n'");
        }
    }
}
