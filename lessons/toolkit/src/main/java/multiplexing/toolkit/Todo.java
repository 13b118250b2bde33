package multiplexing.toolkit;

/**
 * Thrown by the unfinished parts of an exercise. The message says what to write and where the course explains it;
 * a lesson's tests report it as the reason they fail.
 */
public final class Todo extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    public Todo(String whatToDo) {
        super("TODO: " + whatToDo);
    }
}
