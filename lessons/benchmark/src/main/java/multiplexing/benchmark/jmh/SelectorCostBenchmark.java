package multiplexing.benchmark.jmh;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Lesson 04's question under JMH: what does one {@code selectNow()} cost with N idle channels registered, on the
 * poll(2) selector and on the platform's default one (epoll on Linux)? Nothing is ever ready, so each call is the
 * selector's own overhead: poll(2) is handed and checks every descriptor on every call, epoll_wait only looks at a
 * ready list that stays empty.
 *
 * <p>Each benchmark method runs in its own JVM (JMH forks), so the poll fork can pick the poll selector with the
 * system property the JDK reads once, at its first {@code SelectorProvider.provider()} call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectorCostBenchmark {

    static final String POLL_PROVIDER = "sun.nio.ch.PollSelectorProvider";

    @Param({"10", "100", "1000"})
    public int channels;

    private Selector selector;
    private final List<Pipe> pipes = new ArrayList<>();

    @Setup(Level.Trial)
    public void registerIdleChannels(BenchmarkParams params) throws IOException {
        selector = Selector.open();
        boolean pollWanted = params.getBenchmark().endsWith(".pollSelector");
        boolean pollGiven = selector.getClass().getSimpleName().startsWith("Poll");
        if (pollWanted != pollGiven) {
            // A fork without the property (or a JDK that ignores it) would measure the wrong selector, silently.
            throw new IllegalStateException(params.getBenchmark() + " got " + selector.getClass().getName());
        }
        for (int i = 0; i < channels; i++) {
            // A pipe's read end never becomes ready here: nothing is ever written to it.
            Pipe pipe = Pipe.open();
            pipes.add(pipe);
            pipe.source().configureBlocking(false);
            pipe.source().register(selector, SelectionKey.OP_READ);
        }
        selector.selectNow(); // the first call hands the registrations over (epoll_ctl, or the pollfd array)
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        selector.close();
        for (Pipe pipe : pipes) {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    // tag::benchmark[]
    @Benchmark
    @Fork(jvmArgsAppend = "-Djava.nio.channels.spi.SelectorProvider=" + POLL_PROVIDER)
    public int pollSelector() throws IOException {
        return selector.selectNow();
    }

    @Benchmark
    public int defaultSelector() throws IOException {
        return selector.selectNow();
    }
    // end::benchmark[]
}
