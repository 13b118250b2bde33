package multiplexing.lesson04;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.Payloads;
import multiplexing.toolkit.EventLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The server's lists, round by round. No {@code serve()} thread here: the test runs the loop's rounds itself, so
 * it can look at the lists between two rounds.
 */
@DisplayName("Lesson 04: SelectStyleEchoServer, its read and write lists round by round")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriteListTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    // tag::write-list[]
    @Test
    @DisplayName("a connection is in the write list exactly while it has bytes to send back, through partial writes")
    void writeListHoldsExactlyTheConnectionsWithBytesToSend() throws IOException {
        try (SelectStyleEchoServer server = new SelectStyleEchoServer(new InetSocketAddress("127.0.0.1", 0),
                EventLog.SILENT); SocketChannel client = SocketChannel.open()) {
            // Small buffers on both sides of the echo, so that the server's writes soon stop fitting.
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            client.connect(server.address());
            client.configureBlocking(false);
            SocketChannel connection = acceptedConnection(server);
            connection.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
            assertThat(server.writeList()).as("Nothing has been received, so there is nothing to send back.").isEmpty();

            byte[] payload = Payloads.random(1024 * 1024);
            ByteBuffer toSend = ByteBuffer.wrap(payload);

            // 1. The client sends and does not read, until the server owes it bytes that the kernel will not take.
            long deadline = deadline();
            boolean stuck = false;
            while (!stuck) {
                checkDeadline(deadline, "The server never had bytes left over that it could not write back.");
                client.write(toSend);
                boolean owedBefore = server.writeList().contains(connection);
                Select.Ready ready = server.round(Duration.ofMillis(50));
                assertListsFollowUnsentBytes(server, connection);
                stuck = owedBefore && !ready.writable().contains(connection); // 50 ms and still no room
            }

            // 2. The client reads everything; the rest of every partial write must still arrive, in order.
            ByteArrayOutputStream echoed = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            deadline = deadline();
            while (echoed.size() < payload.length) {
                checkDeadline(deadline, String.format("Only %,d of %,d bytes came back.", echoed.size(), payload.length));
                client.write(toSend);
                server.round(Duration.ofMillis(10));
                assertListsFollowUnsentBytes(server, connection);
                in.clear();
                if (client.read(in) == -1) {
                    fail("The server closed the connection.");
                }
                echoed.write(in.array(), 0, in.position());
            }
            assertSameBytes(payload, echoed.toByteArray(),
                    "What a write did not take must stay queued and go out in a later round, before anything newer.");
            assertThat(server.writeList()).as("Everything has been sent back.").isEmpty();
        }
    }
    // end::write-list[]

    /** Runs rounds until the server has accepted the client and put it in its read list. */
    private static SocketChannel acceptedConnection(SelectStyleEchoServer server) throws IOException {
        long deadline = deadline();
        while (true) {
            checkDeadline(deadline, "The accepted connection never appeared in the read list: after accept(), a"
                    + " connection is read from (it is in `connections`, and owes nothing).");
            server.round(Duration.ofMillis(50));
            for (var channel : server.readList()) {
                if (channel instanceof SocketChannel connection) {
                    return connection;
                }
            }
        }
    }

    /** The rule of this lesson's lists, checked between two rounds. */
    private static void assertListsFollowUnsentBytes(SelectStyleEchoServer server, SocketChannel connection) {
        int owed = server.unsentBytes(connection);
        boolean inWriteList = server.writeList().contains(connection);
        boolean inReadList = server.readList().contains(connection);
        if (owed == 0 && inWriteList) {
            fail("The connection is in the write list with nothing to send: a connected socket is nearly always"
                    + " writable, so every select returns at once and the loop spins.");
        }
        if (owed > 0 && !inWriteList) {
            fail("The connection owes its client " + owed + " bytes but is not in the write list: nothing will"
                    + " ever send them.");
        }
        if (owed > 0 && inReadList) {
            fail("The connection owes its client " + owed + " bytes but is still in the read list: read it again"
                    + " only once its echo has gone out, or a client that never reads makes the server keep"
                    + " everything it sends.");
        }
        if (owed == 0 && !inReadList) {
            fail("The connection owes nothing but is not in the read list: its next bytes will never be read.");
        }
    }

    private static long deadline() {
        return System.nanoTime() + DEADLINE.toNanos();
    }

    private static void checkDeadline(long deadline, String what) {
        if (System.nanoTime() - deadline > 0) {
            fail(what + " (waited " + DEADLINE.toSeconds() + " s)");
        }
    }
}
