package multiplexing.lesson04;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import multiplexing.toolkit.Quietly;

/**
 * Measures what one select costs while N idle connections are registered, on the poll(2)-based selector and on the
 * default one (epoll on Linux). Nothing is ever ready, so every call is pure overhead: poll(2) checks every
 * registered descriptor on every call, epoll_wait looks only at a ready list that stays empty.
 *
 * <p>Usage: {@code SelectorCost [N ...]} (default: 10 100 1000 5000). Each connection takes two descriptors in
 * this one process, client and server side.
 */
public final class SelectorCost {

    private static final int[] DEFAULT_SIZES = {10, 100, 1_000, 5_000};
    private static final int CALLS = 2_000;
    private static final int BATCHES = 5;

    private SelectorCost() {
    }

    public static void main(String[] args) {
        int[] sizes;
        try {
            sizes = args.length == 0 ? DEFAULT_SIZES : parse(args);
        } catch (NumberFormatException e) {
            System.err.println("Usage: SelectorCost [N ...]   (N: how many idle connections, a positive number)");
            System.exit(2);
            return;
        }
        Set<SelectorProvider> providers = new LinkedHashSet<>(List.of(PollProvider.get(), SelectorProvider.provider()));
        try {
            for (int n : sizes) {
                for (SelectorProvider provider : providers) {
                    Measurement m = measure(provider, n);
                    System.out.printf("%-20s %,7d idle connections: %,9.1f us per selectNow()%n",
                            m.selector(), n, m.microsPerCall());
                }
            }
        } catch (IOException e) {
            System.err.println("Cannot open the connections: " + e.getMessage() + " (with many connections, check the"
                    + " open-file limit: ulimit -n).");
            System.exit(1);
        }
    }

    /** The fastest of {@link #BATCHES} batches of {@link #CALLS} selectNow() calls, per call. */
    static Measurement measure(SelectorProvider provider, int n) throws IOException {
        List<SocketChannel> channels = new ArrayList<>(2 * n);
        try (Selector selector = provider.openSelector();
             ServerSocketChannel listener = provider.openServerSocketChannel()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), n);
            for (int i = 0; i < n; i++) {
                channels.add(SocketChannel.open(listener.getLocalAddress()));
                SocketChannel accepted = listener.accept();
                channels.add(accepted);
                accepted.configureBlocking(false);
                accepted.register(selector, SelectionKey.OP_READ);
            }
            selector.selectNow(); // the first call hands the registrations over (epoll_ctl, or the pollfd array)
            long best = Long.MAX_VALUE;
            for (int batch = 0; batch < BATCHES; batch++) {
                long start = System.nanoTime();
                for (int call = 0; call < CALLS; call++) {
                    selector.selectNow();
                }
                best = Math.min(best, System.nanoTime() - start);
            }
            return new Measurement(selector.getClass().getSimpleName(), best / 1_000.0 / CALLS);
        } finally {
            channels.forEach(Quietly::close);
        }
    }

    private static int[] parse(String[] args) {
        int[] sizes = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
            if (sizes[i] <= 0) {
                throw new NumberFormatException(args[i]);
            }
        }
        return sizes;
    }

    record Measurement(String selector, double microsPerCall) {
    }
}
