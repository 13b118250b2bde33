package multiplexing.lesson04;

import java.io.PrintStream;
import java.nio.channels.spi.SelectorProvider;

/**
 * Finds the JDK's poll(2)-based {@link SelectorProvider}, so that this lesson's selector really calls {@code poll}.
 *
 * <p>The JDK has it on Linux and macOS ({@code sun.nio.ch.PollSelectorProvider}) but does not let ordinary code at
 * it: {@code java.base} does not export {@code sun.nio.ch}. Two {@code java} options open it, and either works here:
 * <ul>
 *   <li>{@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} lets this class create the provider by reflection.
 *       This lesson's build passes it to the tests and to {@code -Prun}; it changes nothing else in the JVM.</li>
 *   <li>{@code -Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.PollSelectorProvider} makes it the default
 *       provider of the whole JVM, for every selector anyone opens. It is read once, by the first call to
 *       {@link SelectorProvider#provider()}.</li>
 * </ul>
 * The class is named in a string, never in code: {@code javac} refuses {@code --add-exports} together with
 * {@code --release}, so code that mentioned it would not compile.
 *
 * <p>Without either option, or where the class does not exist (Windows), the lesson still runs, on the default
 * provider (epoll on Linux), after one line on standard error that says so.
 */
final class PollProvider {

    static final String POLL_PROVIDER = "sun.nio.ch.PollSelectorProvider";

    /** Chosen once per JVM, like the default provider, so the note is printed at most once. */
    private static final SelectorProvider CHOSEN = choose(System.err);

    private PollProvider() {
    }

    /** The poll(2)-based provider if this JVM may use it, otherwise the default one. */
    static SelectorProvider get() {
        return CHOSEN;
    }

    private static SelectorProvider choose(PrintStream notes) {
        SelectorProvider standard = SelectorProvider.provider();
        if (standard.getClass().getName().equals(POLL_PROVIDER)) {
            return standard; // -Djava.nio.channels.spi.SelectorProvider made it the default
        }
        String fallback = "; using the default selector provider, " + standard.getClass().getName() + ".";
        try {
            return (SelectorProvider) Class.forName(POLL_PROVIDER).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            notes.println("Note: this JDK has no poll(2) selector (no " + POLL_PROVIDER + ", as on Windows)"
                    + fallback);
        } catch (IllegalAccessException e) {
            notes.println("Note: the poll(2) selector is locked away (start java with --add-exports"
                    + " java.base/sun.nio.ch=ALL-UNNAMED to use it)" + fallback);
        } catch (ReflectiveOperationException | RuntimeException e) {
            notes.println("Note: the poll(2) selector cannot be created (" + e + ")" + fallback);
        }
        return standard;
    }
}
