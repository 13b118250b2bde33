package multiplexing.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A blocking client for tests. Every read has a deadline, and a failure says what was observed and, when the
 * server's loop has died, why.
 *
 * <p>The socket is a {@link SocketChannel}'s: unlike a plain {@code java.net.Socket} on a platform thread, a read
 * or write blocked on it ends when the thread is interrupted, so a test's {@code @Timeout} really ends the test.
 */
public final class TestClient implements AutoCloseable {

    /**
     * How long a reply may go without a single byte arriving before the test calls it missing. A correct server
     * answers within milliseconds; this is for a loaded machine, and it bounds how long a wrong one costs.
     */
    public static final Duration REPLY_DEADLINE = Duration.ofSeconds(3);

    /**
     * How long a connect may take. Past the listen backlog of a server that does not accept, the kernel drops the
     * handshake and the client retries after 1 s, then 3 s, then 7 s: only a server that stopped accepting needs more.
     */
    public static final Duration CONNECT_DEADLINE = Duration.ofSeconds(4);

    private final ServerFixture fixture;
    private final Socket socket;
    private final AtomicLong received = new AtomicLong();

    private TestClient(ServerFixture fixture, Socket socket) {
        this.fixture = fixture;
        this.socket = socket;
    }

    static TestClient connect(ServerFixture fixture) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Socket socket = channel.socket();
        try {
            socket.connect(fixture.address(), Math.toIntExact(CONNECT_DEADLINE.toMillis()));
        } catch (SocketTimeoutException e) {
            channel.close();
            fixture.assertLoopRunning();
            throw new AssertionError("connect() found no room within " + CONNECT_DEADLINE.toSeconds() + " s: the"
                    + " server's listen queue is full, so its loop has not been accepting the clients before this one."
                    + fixture.whereTheServerIs(), e);
        } catch (IOException e) {
            channel.close();
            fixture.assertLoopRunning(); // "Connection refused" from a dead server: its exception says why
            throw e;
        }
        return new TestClient(fixture, socket);
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

    /**
     * Reads exactly {@code length} bytes, failing if {@link #REPLY_DEADLINE} passes without a byte arriving. The
     * deadline is about progress, not the total: a long reply that keeps coming is never cut short.
     */
    public byte[] receive(int length) throws IOException {
        byte[] reply = new byte[length];
        int got = 0;
        try {
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(Math.toIntExact(REPLY_DEADLINE.toMillis()));
            while (got < length) {
                int n = in.read(reply, got, length - got);
                if (n == -1) {
                    throw new EOFException();
                }
                got += n;
                received.addAndGet(n);
            }
            return reply;
        } catch (SocketTimeoutException e) {
            throw failure(stalled(got, length), e);
        } catch (EOFException e) {
            throw failure(String.format("The server closed the connection after %,d of %,d expected bytes.", got, length), e);
        } catch (ClosedByInterruptException e) {
            throw failure(String.format("The test's time ran out while %,d of %,d bytes had arrived.", got, length), e);
        } catch (IOException e) {
            throw explained(e, String.format("reading (%,d of %,d bytes had arrived)", got, length));
        }
    }

    /** How many bytes this client has received so far, over all its reads. */
    public long bytesReceived() {
        return received.get();
    }

    private String stalled(int got, int length) {
        String observed = got == 0
                ? String.format("No reply: not one of the %,d expected bytes arrived within %d s.", length,
                        REPLY_DEADLINE.toSeconds())
                : String.format("The reply stopped: %,d of %,d bytes arrived, then nothing for %d s.", got, length,
                        REPLY_DEADLINE.toSeconds());
        String hint = "";
        if (fixture.loopIsBlockedInARead()) {
            hint = " The loop thread is blocked reading one connection, so it serves no other meanwhile.";
        } else if (fixture.loopIsSelecting()) {
            hint = " The loop thread is waiting in select() although this client's bytes were sent: the selector did"
                    + " not report them, or the loop did not act on what it reported.";
        }
        return observed + fixture.whereTheServerIs() + hint;
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
                    + " client's end of stream (the full reply had arrived): read returning -1 means the client is"
                    + " done; close the connection." + fixture.whereTheServerIs(), e);
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
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return failure("The connection broke while " + doing + ": " + what + ".", e);
    }

    /** The failure, with the server's own exception as the reason when its loop has died. */
    private AssertionError failure(String message, Throwable cause) {
        String serverDied = cause instanceof SocketTimeoutException ? fixture.explanation()
                : fixture.explanationAfterGrace();
        if (serverDied != null) {
            return new AssertionError(serverDied, fixture.loopFailure());
        }
        return new AssertionError(message, cause);
    }
}
