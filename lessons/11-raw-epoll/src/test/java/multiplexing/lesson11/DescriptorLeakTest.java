package multiplexing.lesson11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import multiplexing.testkit.Eventually;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.ServerFixture;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.EventLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every descriptor the server opens (the listener, the epoll instance, the eventfd, one per client) is closed: counted
 * in {@code /proc/self/fd}, the list of this process's open descriptors. The client sockets of the test are in the
 * same process, and closed before each count.
 */
@DisplayName("Lesson 11: no file descriptor leaked")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DescriptorLeakTest {

    private static final int CYCLES = 200;
    /** The listener, the epoll instance and the eventfd that wakes it. */
    private static final int SERVER_OWN = 3;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Trigger.class, names = {"LEVEL", "EDGE"})
    @DisplayName("after 200 clients connected, exchanged bytes and closed, the server holds 3 descriptors; closed, none")
    void noLeakAfterManyClients(Trigger trigger) throws IOException {
        cycle(trigger, 1); // loads every class the test needs: the JVM opens no jar file during the counts
        Map<String, String> before = openDescriptors();
        RawEpollEchoServer server;
        try (ServerFixture fixture = ServerFixture.start((address, log) ->
                new RawEpollEchoServer(address, log, Settings.ECHO.withTrigger(trigger)))) {
            server = (RawEpollEchoServer) fixture.server();
            exchange(fixture, CYCLES);
            Eventually.await(fixture, () -> server.connections() == 0, Duration.ofSeconds(5),
                    () -> server.connections() + " of " + CYCLES + " clients that closed are still held by the"
                            + " server: when read returns 0, close the connection (and remove it from the map).");
            assertThat(added(before, openDescriptors()))
                    .as("descriptors open while the server runs, beyond those before it started: its listener, epoll"
                            + " instance and eventfd only, once all %d clients have gone", CYCLES)
                    .hasSize(SERVER_OWN);
        }
        assertThat(added(before, openDescriptors()))
                .as("descriptors still open after close() and serve() returned: each must be closed once")
                .isEmpty();
    }

    @Test
    @DisplayName("a server closed before serve() ever ran releases its descriptors too")
    void closedBeforeServing() throws IOException {
        new RawEpollEchoServer(new java.net.InetSocketAddress("127.0.0.1", 0), EventLog.SILENT).close();
        Map<String, String> before = openDescriptors();
        RawEpollEchoServer server = new RawEpollEchoServer(new java.net.InetSocketAddress("127.0.0.1", 0),
                EventLog.SILENT);
        server.close();
        server.close(); // a second close() changes nothing
        assertThat(added(before, openDescriptors())).as("descriptors left open by a server that never served")
                .isEmpty();
    }

    private static void cycle(Trigger trigger, int clients) throws IOException {
        try (ServerFixture fixture = ServerFixture.start((address, log) ->
                new RawEpollEchoServer(address, log, Settings.ECHO.withTrigger(trigger)))) {
            exchange(fixture, clients);
        }
    }

    private static void exchange(ServerFixture fixture, int clients) throws IOException {
        for (int i = 0; i < clients; i++) {
            byte[] bytes = Payloads.random(100);
            try (TestClient client = fixture.connect()) {
                client.roundTrip(bytes, bytes);
            }
        }
    }

    /** Descriptor number to what it is ({@code socket:[123]}, {@code anon_inode:[eventpoll]}...). */
    private static Map<String, String> openDescriptors() throws IOException {
        Map<String, String> open = new HashMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String what = Files.readSymbolicLink(fd).toString();
                    if (!what.startsWith("/proc/")) { // the listing's own descriptor, not the server's
                        open.put(fd.getFileName().toString(), what);
                    }
                } catch (IOException e) {
                    // Gone since the listing: the directory's own descriptor, closed by now.
                }
            }
        }
        return open;
    }

    /** What is open now that was not before, as "fd -> what", for a message that says which kind leaked. */
    private static Map<String, String> added(Map<String, String> before, Map<String, String> now) {
        Map<String, String> added = new HashMap<>(now);
        added.entrySet().removeIf(entry -> entry.getValue().equals(before.get(entry.getKey())));
        return added;
    }
}
