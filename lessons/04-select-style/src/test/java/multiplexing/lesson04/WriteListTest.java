package multiplexing.lesson04;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
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
    /** A loopback client is waiting in the listen queue at once: two seconds of rounds is plenty to accept it. */
    private static final Duration ACCEPT_DEADLINE = Duration.ofSeconds(2);

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
            assertThat(server.writeList()).as("Nothing has been received, so the connection owes nothing, yet it is in"
                    + " the write list: build the write list from the keys of `unsent`, not from `connections`.")
                    .isEmpty();

            byte[] payload = Payloads.random(1024 * 1024);
            ByteBuffer toSend = ByteBuffer.wrap(payload);

            // 1. The client sends and does not read, until the server owes it bytes that the kernel will not take.
            long deadline = deadline();
            boolean stuck = false;
            int unreadRounds = 0;
            while (!stuck) {
                checkDeadline(deadline, "The server never had bytes left over that it could not write back.");
                client.write(toSend);
                boolean owedBefore = server.writeList().contains(connection);
                int unsentBefore = server.unsentBytes(connection);
                Select.Ready ready = server.round(Duration.ofMillis(50));
                assertServed(server, connection, ready, unsentBefore);
                unreadRounds = ready.readable().contains(connection) && server.unsentBytes(connection) == 0
                        ? unreadRounds + 1 : 0;
                if (unreadRounds == 2) {
                    fail("The connection was reported readable in two rounds in a row, and nothing was read from it:"
                            + " in serveReady, a readable channel that is not the listener needs read().");
                }
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
                int unsentBefore = server.unsentBytes(connection);
                assertServed(server, connection, server.round(Duration.ofMillis(10)), unsentBefore);
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

    /**
     * Runs rounds until the server has accepted the client and put it in its read list. If that never happens, says
     * which step went wrong, from what the rounds showed: the listener missing from the read list, a waiting client
     * never accepted, or an accepted connection missing from the read list.
     */
    private static SocketChannel acceptedConnection(SelectStyleEchoServer server) throws IOException {
        long deadline = System.nanoTime() + ACCEPT_DEADLINE.toNanos();
        int rounds = 0;
        int listenerListed = 0;
        int listenerReadable = 0;
        boolean listenerReadableInLastRound = false;
        while (System.nanoTime() - deadline < 0) {
            for (var channel : server.readList()) {
                if (channel instanceof SocketChannel connection) {
                    return connection;
                }
            }
            if (server.readList().stream().anyMatch(ServerSocketChannel.class::isInstance)) {
                listenerListed++;
            }
            Select.Ready ready = server.round(Duration.ofMillis(50));
            rounds++;
            listenerReadableInLastRound = ready.readable().stream().anyMatch(ServerSocketChannel.class::isInstance);
            if (listenerReadableInLastRound) {
                listenerReadable++;
            }
        }
        String wait = String.format(" (%,d rounds in %d s)", rounds, ACCEPT_DEADLINE.toSeconds());
        if (listenerListed == 0) {
            fail("A client is connected, but the read list never held the listening channel, so select could not"
                    + " report it and nothing was accepted" + wait + ". readList() must start with the listener:"
                    + " for a listening channel, readable means a client is waiting to be accepted.");
        }
        if (listenerReadableInLastRound) {
            fail(String.format("The listener came back readable in %,d of %,d rounds and is still readable: a client"
                    + " is waiting and is never accepted. In serveReady, a readable listener means accept().",
                    listenerReadable, rounds));
        }
        return fail("The listener was reported readable and then no longer (the client was accepted), but the"
                + " accepted connection never appeared in the read list" + wait + ". It is in `connections` and owes"
                + " nothing: readList() must add every such connection after the listener.");
    }

    /** A connection reported writable, with bytes to send, must have had some of them written in that round. */
    private static void assertServed(SelectStyleEchoServer server, SocketChannel connection, Select.Ready ready,
                                     int unsentBefore) {
        if (ready.writable().contains(connection) && unsentBefore > 0
                && server.unsentBytes(connection) == unsentBefore) {
            fail("The connection was reported writable with " + unsentBefore + " bytes to send, and the round wrote"
                    + " none of them: in serveReady, each channel in ready.writable() needs write().");
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
