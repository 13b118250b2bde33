package multiplexing.lesson04;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code select(rlist, wlist, timeout)} the way C and Python programs call it: on every call you hand over every
 * channel you want to read from and every channel you want to write to, and get back the ones that are ready.
 * Nothing carries over from one call to the next.
 *
 * <p>Underneath is a {@link Selector} from the poll(2)-based provider (see {@link PollProvider}). A Selector does
 * remember its registrations, so each call first sets the interest of every registered channel from the two lists
 * (nothing, for a channel in neither list), and only then selects.
 *
 * <p>Python's third list, "exceptional conditions" (TCP urgent data), has no counterpart in java.nio: errors and
 * hang-ups come back as readiness, and the next read or write reports them.
 */
public final class Select implements AutoCloseable {

    /** What "readable" means: bytes to read for a connection, a connection to accept for a listening channel. */
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;

    private final Selector selector;

    private Select(Selector selector) {
        this.selector = selector;
    }

    /** A Select on the poll(2)-based selector, or on the default one where that cannot be had. */
    public static Select open() throws IOException {
        return new Select(PollProvider.get().openSelector());
    }

    /** The provider of the selector: open your channels from it, since a selector takes only its own provider's. */
    public SelectorProvider provider() {
        return selector.provider();
    }

    /** The selector's class: {@code sun.nio.ch.PollSelectorImpl} for poll(2), {@code EPollSelectorImpl} for epoll. */
    public String implementation() {
        return selector.getClass().getName();
    }

    /**
     * Waits until a channel of {@code readList} is readable or one of {@code writeList} is writable, for at most
     * {@code timeout} ({@link Duration#ZERO}: only look), or until {@link #wakeup()}. Every channel must be open and
     * in non-blocking mode. A channel may appear in both lists.
     *
     * <p>The timeout is a {@link Duration} on purpose: Python's {@code select} counts seconds, C's {@code poll} and
     * Java's {@link Selector#select(long)} count milliseconds, and the seed's comments mix them up.
     */
    // tag::select[]
    public Ready select(Collection<? extends SelectableChannel> readList,
                        Collection<? extends SelectableChannel> writeList, Duration timeout) throws IOException {
        handOver(readList, writeList);
        selector.selectedKeys().clear(); // report only what is ready now, as select(2) does
        if (timeout.isZero()) {
            selector.selectNow();
        } else {
            selector.select(Math.max(1, timeout.toMillis())); // select(0) would mean "wait forever"
        }
        return new Ready(ready(readList, READ_OPS), ready(writeList, SelectionKey.OP_WRITE));
    }

    /** Sets the interest of every registered channel from this call's lists: the whole set, every time. */
    private void handOver(Collection<? extends SelectableChannel> readList,
                          Collection<? extends SelectableChannel> writeList) throws ClosedChannelException {
        Map<SelectionKey, Integer> wanted = new HashMap<>();
        for (SelectableChannel channel : readList) {
            wanted.merge(keyOf(channel, "read"), channel.validOps() & READ_OPS, (a, b) -> a | b);
        }
        for (SelectableChannel channel : writeList) {
            wanted.merge(keyOf(channel, "write"), SelectionKey.OP_WRITE, (a, b) -> a | b);
        }
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) { // a closed channel's key stays in keys() until the next select removes it
                key.interestOps(wanted.getOrDefault(key, 0));
            }
        }
    }
    // end::select[]

    /**
     * The channel's key, registering the channel the first time it is seen. A channel left out of the lists is
     * never deregistered (cancelled), only given no interest: registering it again on this selector would throw
     * {@code CancelledKeyException} until the next select had flushed the cancelled key.
     */
    private SelectionKey keyOf(SelectableChannel channel, String list) throws ClosedChannelException {
        if (!channel.isOpen()) {
            throw new IllegalArgumentException("A closed channel is in the " + list + " list: when you close a"
                    + " channel, remove it from your lists too.");
        }
        SelectionKey key = channel.keyFor(selector);
        return key != null ? key : channel.register(selector, 0);
    }

    /** The channels of {@code list} that came back ready: like C's FD_ISSET over a whole fd_set, a scan of all. */
    private List<SelectableChannel> ready(Collection<? extends SelectableChannel> list, int ops) {
        Set<SelectionKey> selected = selector.selectedKeys();
        List<SelectableChannel> ready = new ArrayList<>();
        for (SelectableChannel channel : list) {
            SelectionKey key = channel.keyFor(selector);
            if (selected.contains(key) && (key.readyOps() & ops) != 0) {
                ready.add(channel);
            }
        }
        return ready;
    }

    /** Makes a {@link #select} that is waiting, or the next one, return at once. Safe from any thread. */
    public void wakeup() {
        selector.wakeup();
    }

    /** Closes the selector; the channels stay open (they are the caller's). */
    @Override
    public void close() throws IOException {
        selector.close();
    }

    /**
     * What one {@link #select} call returns: the channels of its read list that are readable and the channels of
     * its write list that are writable, each in the order the lists gave them.
     */
    public record Ready(List<SelectableChannel> readable, List<SelectableChannel> writable) {

        public boolean isEmpty() {
            return readable.isEmpty() && writable.isEmpty();
        }
    }
}
