package multiplexing.lesson11;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * What epoll reports when a client leaves, in each way a client can leave: the masks the seed's loop would see, and
 * which of its branches each one takes. Run it (see the lesson's page); it needs Step 1 of the exercise.
 *
 * <p>For each way, a fresh connection on 127.0.0.1: the server end is registered in two epoll instances, one with
 * the seed's interest ({@code EPOLLIN} alone) and one with this lesson's ({@code EPOLLIN|EPOLLRDHUP}); the client
 * leaves; each instance is asked, with a timeout of one second, what it has; then the server end is read once, as the
 * seed's {@code recv} would.
 */
public final class EventMasks {

    /** One way for a client to leave: what the client does, then (optionally) what the server does before looking. */
    private record Departure(String name, ClientAction client, boolean serverWritesFirst) {
    }

    @FunctionalInterface
    private interface ClientAction {
        void leave(Socket client) throws IOException;
    }

    /** What was seen: the two masks, what a read returned, and the seed's two branches for it. */
    record Observation(String departure, int seedMask, int lessonMask, String firstRead, String secondRead) {

        String read() {
            return firstRead + ", " + secondRead;
        }
    }

    private static final List<Departure> DEPARTURES = List.of(
            new Departure("close (FIN)", Socket::close, false),
            new Departure("half-close (shutdownOutput)", Socket::shutdownOutput, false),
            new Departure("reset (SO_LINGER 0, close)", client -> {
                client.setSoLinger(true, 0);
                client.close();
            }, false),
            new Departure("close, then the server writes", Socket::close, true),
            new Departure("vanished (sends nothing more)", client -> { }, false));

    private EventMasks() {
    }

    public static void main(String[] args) throws IOException {
        System.out.printf("%-31s %-26s %-37s %s%n", "The client...", "interest EPOLLIN (seed)",
                "interest EPOLLIN|EPOLLRDHUP", "then read(), read()");
        for (Observation seen : observeAll()) {
            System.out.printf("%-31s %-26s %-37s %s%n", seen.departure(), EpollEvent.describe(seen.seedMask()),
                    EpollEvent.describe(seen.lessonMask()), seen.read());
            System.out.println("    seed variant 1 (tests EPOLLHUP first): " + variantOne(seen));
            System.out.println("    seed variant 2 (tests EPOLLIN first):  " + variantTwo(seen));
        }
    }

    static List<Observation> observeAll() throws IOException {
        List<Observation> seen = new ArrayList<>();
        for (Departure departure : DEPARTURES) {
            seen.add(observe(departure));
        }
        return seen;
    }

    // tag::observe[]
    private static Observation observe(Departure departure) throws IOException {
        int listener = Sockets.listen(new InetSocketAddress("127.0.0.1", 0), 1);
        try (Arena arena = Arena.ofConfined();
             Socket client = new Socket()) {
            client.connect(Sockets.localAddress(listener));
            int server = acceptWithin(listener, 1000);
            try (Epoll seed = new Epoll(arena); Epoll lesson = new Epoll(arena)) {
                seed.register(server, EpollEvent.EPOLLIN, server);
                lesson.register(server, EpollEvent.EPOLLIN | EpollEvent.EPOLLRDHUP, server);
                departure.client().leave(client);
                if (departure.serverWritesFirst()) {
                    awaitReadable(seed, arena); // the FIN has arrived: the write below meets a closed socket
                    Libc.write(server, arena.allocateFrom(JAVA_BYTE, (byte) 'x'), 1); // its answer is a reset
                }
                int seedMask = maskWithin(seed, arena, 1000);
                int lessonMask = maskWithin(lesson, arena, 1000);
                String first = readOnce(server, arena);
                return new Observation(departure.name(), seedMask, lessonMask, first, readOnce(server, arena));
            } finally {
                Sockets.closeQuietly(server);
            }
        } finally {
            Sockets.closeQuietly(listener);
        }
    }
    // end::observe[]

    private static int acceptWithin(int listener, int millis) throws IOException {
        try (Arena arena = Arena.ofConfined(); Epoll epoll = new Epoll(arena)) {
            epoll.register(listener, EpollEvent.EPOLLIN, listener);
            maskWithin(epoll, arena, millis);
            int fd = Sockets.accept(listener);
            if (fd == Libc.WOULD_BLOCK) {
                throw new IOException("the client's connection did not arrive within " + millis + " ms");
            }
            return fd;
        }
    }

    private static void awaitReadable(Epoll epoll, Arena arena) throws NativeCallException {
        maskWithin(epoll, arena, 1000);
    }

    /** The events of the one registered descriptor, or 0 if nothing happened within {@code millis}. */
    private static int maskWithin(Epoll epoll, Arena arena, int millis) throws NativeCallException {
        ReadyEvents ready = new ReadyEvents(arena, 1);
        int[] mask = {0};
        ready.forEach(epoll.wait(ready, millis), (data, events) -> mask[0] = events);
        return mask[0];
    }

    /** What one read returns now: bytes, 0 (the seed's b''), EAGAIN (nothing yet), or the error. */
    private static String readOnce(int fd, Arena arena) {
        try {
            int n = Libc.read(fd, arena.allocate(64), 64);
            return n == Libc.WOULD_BLOCK ? "EAGAIN (nothing to read yet)" : n == 0 ? "0 (end of stream)" : n + " bytes";
        } catch (NativeCallException e) {
            return "fails: " + Errno.name(e.errno());
        }
    }

    /** Variant 1: accept, then {@code elif event & EPOLLHUP} (close), then {@code elif event & EPOLLIN} (recv). */
    static String variantOne(Observation seen) {
        if ((seen.seedMask() & EpollEvent.EPOLLHUP) != 0) {
            return "EPOLLHUP branch: unregister and close. Right, but only because HUP came with it.";
        }
        return ifReadable(seen);
    }

    /** Variant 2: accept, then {@code elif event & EPOLLIN} (recv), ..., and {@code elif event & EPOLLHUP} last. */
    static String variantTwo(Observation seen) {
        return ifReadable(seen);
    }

    private static String ifReadable(Observation seen) {
        if ((seen.seedMask() & EpollEvent.EPOLLIN) == 0) {
            return seen.seedMask() == 0
                    ? "no event: the loop sleeps; the connection stays open until the peer sends, or a timeout"
                    : "no branch";
        }
        if (seen.firstRead().startsWith("fails")) {
            return "EPOLLIN branch: recv() raises " + seen.firstRead().substring("fails: ".length())
                    + ", nothing catches it: the whole server stops.";
        }
        if (seen.secondRead().startsWith("fails")) {
            return "EPOLLIN branch: recv() returns b'' (ignored), and at the next event raises "
                    + seen.secondRead().substring("fails: ".length()) + ": the whole server stops.";
        }
        return "EPOLLIN branch: recv() returns b'', ignored; level-triggered, the same event at once: the spin.";
    }
}
