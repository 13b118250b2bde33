package multiplexing.lesson11;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Adds the lesson's own advice to a contract failure that found an edge-triggered server stalled: the contract says
 * what it saw (the reply stopped, clients got nothing, the loop waits in epoll_wait); this says why that happens in
 * edge-triggered mode, and where the learner's code must change.
 */
final class EdgeTriggeredHint implements TestExecutionExceptionHandler {

    /** How the testkit's messages describe a server that stopped answering. */
    private static final List<String> STALLED = List.of("The reply stopped", "No reply", "got their full reply",
            "got no reply");

    static final String HINT = " Edge-triggered, epoll reports a socket again only when something new happens to it:"
            + " bytes left unread after an event, or clients left in the listen queue, wait for ever. Read until"
            + " EAGAIN in RawEpollEchoServer.onReadable() and accept until EAGAIN in acceptClients() (lesson 11,"
            + " section \"Step 3: edge-triggered, until EAGAIN\").";

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        String message = String.valueOf(thrown.getMessage());
        if (thrown instanceof AssertionError && STALLED.stream().anyMatch(message::contains)) {
            AssertionError explained = new AssertionError(message + HINT, thrown.getCause());
            explained.setStackTrace(thrown.getStackTrace());
            throw explained;
        }
        throw thrown;
    }
}
