package multiplexing.toolkit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EchoLoadTest {

    @Test
    @DisplayName("without arguments, loads 127.0.0.1:8888 with 50 connections of 64 bytes for 10 s after 2 s of warm-up")
    void defaults() throws UsageException {
        EchoLoad.Plan plan = EchoLoad.parse(new String[0]);
        assertThat(Addresses.format(plan.server())).isEqualTo("127.0.0.1:8888");
        assertThat(plan.connections()).isEqualTo(50);
        assertThat(plan.size()).isEqualTo(64);
        assertThat(plan.warmupSeconds()).isEqualTo(2);
        assertThat(plan.seconds()).isEqualTo(10);
        assertThat(plan.uppercase()).isFalse();
        assertThat(plan.serverPid()).isZero();
    }

    @Test
    @DisplayName("reads every option")
    void options() throws UsageException {
        EchoLoad.Plan plan = EchoLoad.parse(new String[] {"--port", "9000", "--connections", "3", "--size", "1024",
                "--seconds", "4", "--warmup", "0", "--uppercase", "--server-pid", "1234"});
        assertThat(plan.server().getPort()).isEqualTo(9000);
        assertThat(plan.connections()).isEqualTo(3);
        assertThat(plan.size()).isEqualTo(1024);
        assertThat(plan.seconds()).isEqualTo(4);
        assertThat(plan.warmupSeconds()).isZero();
        assertThat(plan.uppercase()).isTrue();
        assertThat(plan.serverPid()).isEqualTo(1234);
    }

    @Test
    @DisplayName("rejects a bad number or an unknown option with one sentence")
    void rejectsBadArguments() {
        assertThatThrownBy(() -> EchoLoad.parse(new String[] {"--connections", "0"}))
                .isInstanceOf(UsageException.class)
                .hasMessage("--connections takes a number from 1 to 10000, not '0'.");
        assertThatThrownBy(() -> EchoLoad.parse(new String[] {"--size"}))
                .hasMessage("--size needs a value.");
        assertThatThrownBy(() -> EchoLoad.parse(new String[] {"--fast"}))
                .hasMessage("Unknown argument '--fast'.");
    }
}
