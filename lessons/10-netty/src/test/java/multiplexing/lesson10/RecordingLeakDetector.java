package multiplexing.lesson10;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, made to keep what it finds where a test can read it: by default a leak is only logged, and a
 * log line fails nothing. Installed by the system property {@code io.netty.customResourceLeakDetector} (see the
 * module's pom), before Netty creates its first buffer.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    /** Every leak reported in this JVM: the resource type and where it was last touched. */
    static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /**
     * The constructor Netty 4.2 looks for first: without it, Netty logs a SEVERE "could not load" with a stack trace
     * before it falls back to the one above. This detector has no use for {@code maxActive}.
     */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    @Override
    protected boolean needReport() {
        return true; // report even if no logger is listening
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked; last used at:" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (no record of where it was used)");
    }
}
