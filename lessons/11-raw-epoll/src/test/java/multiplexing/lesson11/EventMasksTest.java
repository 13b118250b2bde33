package multiplexing.lesson11;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The page prints what EventMasks sees: these are the facts it relies on, checked against this kernel. */
@DisplayName("Lesson 11: the event masks of a client that leaves")
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EventMasksTest {

    @Test
    @DisplayName("a close is EPOLLIN alone for the seed's interest; a reset adds EPOLLERR|EPOLLHUP; a vanished peer, nothing")
    void masksAsThePageSays() throws IOException {
        List<EventMasks.Observation> seen = EventMasks.observeAll();
        assertThat(seen).extracting(EventMasks.Observation::departure).containsExactly("close (FIN)",
                "half-close (shutdownOutput)", "reset (SO_LINGER 0, close)", "close, then the server writes",
                "vanished (sends nothing more)");
        assertThat(seen).extracting(o -> EpollEvent.describe(o.seedMask())).containsExactly("EPOLLIN", "EPOLLIN",
                "EPOLLIN|EPOLLERR|EPOLLHUP", "EPOLLIN|EPOLLERR|EPOLLHUP", "0");
        assertThat(EpollEvent.describe(seen.get(0).lessonMask())).isEqualTo("EPOLLIN|EPOLLRDHUP");
        assertThat(seen.get(0).firstRead()).isEqualTo("0 (end of stream)");
        assertThat(seen.get(2).firstRead()).isEqualTo("fails: ECONNRESET");
        assertThat(EventMasks.variantTwo(seen.get(2))).contains("the whole server stops");
        assertThat(EventMasks.variantOne(seen.get(2))).startsWith("EPOLLHUP branch");
    }
}
