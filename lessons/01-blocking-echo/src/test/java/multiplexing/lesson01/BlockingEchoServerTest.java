package multiplexing.lesson01;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import multiplexing.testkit.EchoContract;
import multiplexing.testkit.Payloads;
import multiplexing.testkit.TestClient;
import multiplexing.toolkit.ServerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static multiplexing.testkit.Bytes.assertSameBytes;

@DisplayName("Lesson 01: BlockingEchoServer")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlockingEchoServerTest extends EchoContract {

    @Override
    protected ServerFactory server() {
        return BlockingEchoServer::new;
    }

    // tag::one-at-a-time[]
    @Test
    @DisplayName("serves one client at a time: a second client waits until the first one leaves")
    void servesOneClientAtATime() throws IOException {
        TestClient first = fixture.connect(); // closed by the test below, or with the fixture if the test fails
        try (TestClient second = fixture.connect()) {
            byte[] hello = Payloads.random(100);
            first.roundTrip(hello, hello); // now the server sits in the first client's echo loop, blocked in read()

            // The kernel completes the second connection and buffers its bytes; the server has not accepted it.
            byte[] waiting = Payloads.random(100);
            second.send(waiting);
            second.assertNothingArrivesFor(Duration.ofMillis(500),
                    "a blocking server is still busy with the first client and cannot serve a second one.");

            first.close();
            assertSameBytes(waiting, second.receive(waiting.length),
                    "As soon as the first client leaves, the accept loop must take the next one.");
        }
    }
    // end::one-at-a-time[]
}
