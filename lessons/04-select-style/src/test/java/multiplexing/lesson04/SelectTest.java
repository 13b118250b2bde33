package multiplexing.lesson04;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.Payloads;
import multiplexing.toolkit.Quietly;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lesson's {@code select(readList, writeList, timeout)}, on real loopback connections. */
@DisplayName("Lesson 04: Select, select(2) semantics over a java.nio Selector")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    @DisplayName("reports a channel only if this call's lists name it: nothing carries over from the last call")
    void reportsOnlyWhatThisCallAsksFor() throws IOException {
        try (Select select = Select.open(); Connection connection = Connection.open(select)) {
            connection.clientSends(Payloads.random(100));

            assertThat(select.select(List.of(connection.server()), List.of(), PATIENCE).readable())
                    .as("Bytes have arrived, and the read list names the channel.")
                    .containsExactly(connection.server());
            assertThat(select.select(List.of(), List.of(), Duration.ZERO).isEmpty())
                    .as("The bytes are still waiting, but this call's lists name nothing: the last call's lists"
                            + " must not count.")
                    .isTrue();
            assertThat(select.select(List.of(connection.server()), List.of(), Duration.ZERO).readable())
                    .as("Named again, and still readable: unread bytes keep a channel readable (level-triggered).")
                    .containsExactly(connection.server());
        }
    }

    @Test
    @DisplayName("reports a connected channel writable at once, whether or not there is anything to write")
    void connectedChannelIsWritableAtOnce() throws IOException {
        try (Select select = Select.open(); Connection connection = Connection.open(select)) {
            Select.Ready ready = select.select(List.of(connection.server()), List.of(connection.server()),
                    Duration.ZERO);
            assertThat(ready.writable())
                    .as("An empty send buffer has room, so the channel is writable: this is why a server puts a"
                            + " connection in its write list only while it has bytes to send.")
                    .containsExactly(connection.server());
            assertThat(ready.readable()).as("Nothing was sent to it, so it is not readable.").isEmpty();
        }
    }

    @Test
    @DisplayName("refuses a closed channel in a list, saying what to do instead")
    void refusesAClosedChannel() throws IOException {
        try (Select select = Select.open(); Connection connection = Connection.open(select)) {
            select.select(List.of(connection.server()), List.of(), Duration.ZERO);
            connection.server().close();

            assertThatThrownBy(() -> select.select(List.of(connection.server()), List.of(), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("remove it from your lists");
        }
    }

    /** A loopback connection: its server side non-blocking, from the Select's provider, as a server's would be. */
    private record Connection(SocketChannel client, SocketChannel server) implements AutoCloseable {

        static Connection open(Select select) throws IOException {
            try (ServerSocketChannel listener = select.provider().openServerSocketChannel()) {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel server = listener.accept(); // blocking: the client is already connected
                server.configureBlocking(false);
                return new Connection(client, server);
            }
        }

        void clientSends(byte[] bytes) throws IOException {
            client.write(ByteBuffer.wrap(bytes));
        }

        @Override
        public void close() {
            Quietly.close(client);
            Quietly.close(server);
        }
    }
}
