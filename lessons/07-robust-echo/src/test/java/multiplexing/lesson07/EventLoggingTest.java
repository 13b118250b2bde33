package multiplexing.lesson07;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.ServerFixture;
import multiplexing.testkit.TestClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Lesson 07: RobustEchoServer's event log")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventLoggingTest {

    // tag::logging-cost[]
    @Test
    @DisplayName("logs nothing per event unless asked: a client's whole visit leaves the log empty")
    void quietByDefault() throws IOException, InterruptedException {
        assertThat(visitAndCollectLog(Settings.ECHO)).as("per-event lines without --verbose").isEmpty();
    }

    @Test
    @DisplayName("with --verbose, logs the connection, each read and the close")
    void verboseWhenAsked() throws IOException, InterruptedException {
        assertThat(visitAndCollectLog(Settings.ECHO.withVerbose(true)))
                .anySatisfy(line -> assertThat(line).startsWith("Connected: "))
                .anySatisfy(line -> assertThat(line).startsWith("Read 100 bytes from "))
                .anySatisfy(line -> assertThat(line).startsWith("Closed "));
    }
    // end::logging-cost[]

    /** One client connects, round-trips 100 bytes and leaves; returns the log once the server has closed it. */
    private static List<String> visitAndCollectLog(Settings settings) throws IOException, InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        try (ServerFixture fixture = ServerFixture.start(
                (address, eventLog) -> new RobustEchoServer(address, eventLog, settings), log::add)) {
            try (TestClient client = fixture.connect()) {
                byte[] hello = Payloads.random(100);
                client.roundTrip(hello, hello);
                client.shutdownOutput();
                client.assertClosedByServer(); // the server has seen the end of stream and closed its side
            }
        }
        return log;
    }
}
