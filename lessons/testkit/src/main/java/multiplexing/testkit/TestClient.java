package multiplexing.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A blocking client for tests. Every read has a deadline, and a failure says what was expected and, when the
 * server's loop has died, why.
 */
public final class TestClient implements AutoCloseable {

    /** How long a reply may take before the test calls it missing; generous, since only a broken server needs it. */
    public static final Duration REPLY_DEADLINE = Duration.ofSeconds(10);

    private final ServerFixture fixture;
    private final Socket socket;

    private TestClient(ServerFixture fixture, Socket socket) {
        this.fixture = fixture;
        this.socket = socket;
    }

    static TestClient connect(ServerFixture fixture) throws IOException {
        return new TestClient(fixture, new Socket(fixture.address().getAddress(), fixture.address().getPort()));
    }

    public Socket socket() {
        return socket;
    }

    public void send(byte[] bytes) throws IOException {
        send(bytes, 0, bytes.length);
    }

    public void send(byte[] bytes, int offset, int length) throws IOException {
        try {
            socket.getOutputStream().write(bytes, offset, length);
        } catch (IOException e) {
            throw explained(e, "sending " + length + " bytes");
        }
    }

    /** Reads exactly {@code length} bytes, failing if they have not all arrived within {@link #REPLY_DEADLINE}. */
    public byte[] receive(int length) throws IOException {
        byte[] reply = new byte[length];
        long deadline = System.nanoTime() + REPLY_DEADLINE.toNanos();
        int got = 0;
        try {
            InputStream in = socket.getInputStream();
            while (got < length) {
                socket.setSoTimeout(remainingMillis(deadline));
                int n = in.read(reply, got, length - got);
                if (n == -1) {
                    throw new EOFException();
                }
                got += n;
            }
            return reply;
        } catch (SocketTimeoutException e) {
            throw failure(String.format("No complete reply within %d s: %,d of %,d bytes arrived. Does the server"
                    + " write back everything it reads, as soon as it reads it?", REPLY_DEADLINE.toSeconds(), got, length), e);
        } catch (EOFException e) {
            throw failure(String.format("The server closed the connection after %,d of %,d expected bytes.", got, length), e);
        } catch (IOException e) {
            throw explained(e, String.format("reading (%,d of %,d bytes had arrived)", got, length));
        }
    }

    /** Sends {@code bytes} and checks that {@code expectedReply} comes back. */
    public void roundTrip(byte[] bytes, byte[] expectedReply) throws IOException {
        send(bytes);
        Bytes.assertSameBytes(expectedReply, receive(expectedReply.length), "");
    }

    /**
     * Asserts that no byte arrives for {@code quiet}. This is the one place a test waits on the clock: absence can
     * only be observed for a while. It never makes a correct server fail, however slow the machine.
     */
    public void assertNothingArrivesFor(Duration quiet, String why) throws IOException {
        try {
            socket.setSoTimeout(Math.toIntExact(quiet.toMillis()));
            int b = socket.getInputStream().read();
            throw failure(b == -1 ? "The server closed the connection, but " + why
                    : "A byte arrived, but " + why, null);
        } catch (SocketTimeoutException expected) {
            // Silence, as it should be.
        }
    }

    /**
     * Asserts that the server sends nothing more and closes the connection (end of stream) within
     * {@link #REPLY_DEADLINE}. Call it after {@link #shutdownOutput()}: an echo server that reads -1 has nothing left
     * to answer, so it closes; a server that sends extra bytes (a whole buffer instead of the bytes read) fails here.
     */
    public void assertClosedByServer() throws IOException {
        try {
            socket.setSoTimeout(Math.toIntExact(REPLY_DEADLINE.toMillis()));
            int b = socket.getInputStream().read();
            if (b != -1) {
                throw failure(String.format("The server sent an extra byte (0x%02x) after the full reply: does it write"
                        + " only the bytes it read (buffer, 0, n), each once?", b), null);
            }
        } catch (SocketTimeoutException e) {
            throw failure("The server did not close the connection within " + REPLY_DEADLINE.toSeconds() + " s of the"
                    + " client's end of stream: read returning -1 means the client is done; close the connection.", e);
        } catch (IOException e) {
            throw explained(e, "waiting for the server to close");
        }
    }

    /** Half-close: no more bytes from this client, but it still reads what the server sends. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Leaves abruptly: SO_LINGER 0 makes close send a reset (RST) instead of the orderly FIN. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a test socket cannot fail in a way that matters to the test.
        }
    }

    private AssertionError explained(IOException e, String doing) {
        return failure("The connection broke while " + doing + ": " + e.getMessage() + ".", e);
    }

    /** The failure, with the server's own exception as the reason when its loop has died. */
    private AssertionError failure(String message, Throwable cause) {
        String serverDied = fixture.explanation();
        if (serverDied != null) {
            return new AssertionError(serverDied, fixture.loopFailure());
        }
        return new AssertionError(message, cause);
    }

    private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long millis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (millis <= 0) {
            throw new SocketTimeoutException();
        }
        return Math.toIntExact(millis);
    }
}
