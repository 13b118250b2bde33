package multiplexing.lesson11;

import java.time.Duration;

/**
 * What can be tuned in a {@link RawEpollEchoServer}. {@code main} sets the trigger mode; the tests also shrink the
 * socket buffers and the accept pause, and replace the acceptor.
 *
 * @param trigger        level-triggered (the default), edge-triggered, or edge-triggered done wrong
 * @param uppercase      reply with the letters a to z uppercased, every other byte unchanged (the seed's second server)
 * @param pendingLimit   the most bytes held for one client; reaching it, the server stops reading from that client
 * @param sendBufferSize SO_SNDBUF of accepted sockets; 0 keeps the system's (auto-tuned) size
 * @param acceptPause    how long the server stops accepting after accept4 failed (EMFILE, ENFILE...)
 * @param acceptor       takes a connection from the listen queue
 */
record Settings(Trigger trigger, boolean uppercase, int pendingLimit, int sendBufferSize, Duration acceptPause,
                Acceptor acceptor) {

    static final Settings ECHO = new Settings(Trigger.LEVEL, false, 1024 * 1024, 0, Duration.ofMillis(500),
            Acceptor.SYSTEM);
    static final Settings UPPERCASE = ECHO.withUppercase(true);

    Settings {
        if (pendingLimit <= 0) {
            throw new IllegalArgumentException("pendingLimit must be positive, not " + pendingLimit);
        }
    }

    Settings withTrigger(Trigger other) {
        return new Settings(other, uppercase, pendingLimit, sendBufferSize, acceptPause, acceptor);
    }

    Settings withUppercase(boolean on) {
        return new Settings(trigger, on, pendingLimit, sendBufferSize, acceptPause, acceptor);
    }

    Settings withSendBufferSize(int bytes) {
        return new Settings(trigger, uppercase, pendingLimit, bytes, acceptPause, acceptor);
    }

    Settings withAcceptPause(Duration pause) {
        return new Settings(trigger, uppercase, pendingLimit, sendBufferSize, pause, acceptor);
    }

    Settings withAcceptor(Acceptor other) {
        return new Settings(trigger, uppercase, pendingLimit, sendBufferSize, acceptPause, other);
    }
}
