package multiplexing.benchmark;

import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.UsageException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(5)
class EchoLoadTest {

    @Test
    @DisplayName("without arguments, a closed loop on 127.0.0.1:8888: 50 connections of 64 bytes, 10 s after 2 s of"
            + " warm-up")
    void defaults() throws UsageException {
        EchoLoad.Command command = EchoLoad.parse(new String[0]);
        assertThat(Addresses.format(command.plan().server())).isEqualTo("127.0.0.1:8888");
        assertThat(command.plan().connections()).isEqualTo(50);
        assertThat(command.plan().messageBytes()).isEqualTo(64);
        assertThat(command.plan().warmup().toSeconds()).isEqualTo(2);
        assertThat(command.plan().measured().toSeconds()).isEqualTo(10);
        assertThat(command.plan().uppercase()).isFalse();
        assertThat(command.plan().openLoop()).isFalse();
        assertThat(command.plan().timeout().toMillis()).isEqualTo(5_000);
        assertThat(command.serverPid()).isZero();
        assertThat(command.hgrm()).isNull();
    }

    @Test
    @DisplayName("reads every option of the toolkit's old EchoLoad, and the new ones")
    void options() throws UsageException {
        EchoLoad.Command command = EchoLoad.parse(new String[] {"--port", "9000", "--connections", "3", "--size",
                "1024", "--seconds", "4", "--warmup", "0", "--uppercase", "--server-pid", "1234", "--rate", "5000",
                "--timeout", "250", "--hgrm", "run.hgrm"});
        assertThat(command.plan().server().getPort()).isEqualTo(9000);
        assertThat(command.plan().connections()).isEqualTo(3);
        assertThat(command.plan().messageBytes()).isEqualTo(1024);
        assertThat(command.plan().measured().toSeconds()).isEqualTo(4);
        assertThat(command.plan().warmup()).isZero();
        assertThat(command.plan().uppercase()).isTrue();
        assertThat(command.serverPid()).isEqualTo(1234);
        assertThat(command.plan().offeredPerSecond()).isEqualTo(5000);
        assertThat(command.plan().timeout().toMillis()).isEqualTo(250);
        assertThat(command.hgrm()).hasToString("run.hgrm");
    }

    @Test
    @DisplayName("rejects a bad number or an unknown option with one sentence")
    void rejectsBadArguments() {
        assertThatThrownBy(() -> EchoLoad.parse(new String[] {"--connections", "0"}))
                .isInstanceOf(UsageException.class)
                .hasMessage("--connections takes a number from 1 to 10000, not '0'.");
        assertThatThrownBy(() -> EchoLoad.parse(new String[] {"--size", "70000"}))
                .hasMessage("--size takes a number from 1 to 65536, not '70000'.");
        assertThatThrownBy(() -> EchoLoad.parse(new String[] {"--size"}))
                .hasMessage("--size needs a value.");
        assertThatThrownBy(() -> EchoLoad.parse(new String[] {"--fast"}))
                .hasMessage("Unknown argument '--fast'.");
    }
}
