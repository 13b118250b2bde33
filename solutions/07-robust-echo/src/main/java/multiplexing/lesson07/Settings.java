package multiplexing.lesson07;

import java.time.Duration;
import multiplexing.toolkit.Acceptor;

/**
 * What can be tuned in a {@link RobustEchoServer}. {@code main} uses the defaults; the tests shrink the socket buffers
 * and the accept pause, and replace the acceptor.
 *
 * @param uppercase        reply with the letters a to z uppercased, every other byte unchanged (the seed's second server)
 * @param verbose          log every event (connect, read, write, close), not only trouble
 * @param pendingLimit     the most bytes held for one client; reaching it, the server stops reading from that client
 * @param sendBufferSize   SO_SNDBUF of accepted sockets; 0 keeps the system's (auto-tuned) size. The tests make it
 *                         small, so that the kernel cannot hide a partial write by taking megabytes at once
 * @param acceptPause      how long the server stops accepting after {@code accept} failed
 * @param acceptor         takes a connection from the listen queue
 */
record Settings(boolean uppercase, boolean verbose, int pendingLimit, int sendBufferSize, Duration acceptPause,
                Acceptor acceptor) {

    static final Settings ECHO = new Settings(false, false, 1024 * 1024, 0, Duration.ofMillis(500), Acceptor.SYSTEM);
    static final Settings UPPERCASE = ECHO.withUppercase(true);

    Settings {
        if (pendingLimit <= 0) {
            throw new IllegalArgumentException("pendingLimit must be positive, not " + pendingLimit);
        }
    }

    Settings withUppercase(boolean on) {
        return new Settings(on, verbose, pendingLimit, sendBufferSize, acceptPause, acceptor);
    }

    Settings withVerbose(boolean on) {
        return new Settings(uppercase, on, pendingLimit, sendBufferSize, acceptPause, acceptor);
    }

    Settings withPendingLimit(int bytes) {
        return new Settings(uppercase, verbose, bytes, sendBufferSize, acceptPause, acceptor);
    }

    Settings withSendBufferSize(int bytes) {
        return new Settings(uppercase, verbose, pendingLimit, bytes, acceptPause, acceptor);
    }

    Settings withAcceptPause(Duration pause) {
        return new Settings(uppercase, verbose, pendingLimit, sendBufferSize, pause, acceptor);
    }

    Settings withAcceptor(Acceptor other) {
        return new Settings(uppercase, verbose, pendingLimit, sendBufferSize, acceptPause, other);
    }
}
