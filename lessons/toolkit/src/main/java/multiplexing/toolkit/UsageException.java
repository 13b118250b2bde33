package multiplexing.toolkit;

/** Bad command-line input: the message is one sentence for the user, printed before the usage line. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
