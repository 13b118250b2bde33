package multiplexing.toolkit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    @DisplayName("without arguments, binds loopback on the default port")
    void defaults() throws UsageException {
        assertThat(Options.parse(new String[0], 8888, true)).isEqualTo(new Options("127.0.0.1", 8888, false, false));
    }

    @Test
    @DisplayName("reads --host, --port and --quiet in any order")
    void readsEveryOption() throws UsageException {
        Options options = Options.parse(new String[] {"--quiet", "--port", "0", "--host", "::1"}, 8080, true);
        assertThat(options).isEqualTo(new Options("::1", 0, true, false));
    }

    @Test
    @DisplayName("rejects a port that is not a number from 0 to 65535, in one sentence")
    void rejectsBadPorts() {
        for (String port : new String[] {"abc", "-1", "65536", "8080x"}) {
            assertThatThrownBy(() -> Options.parse(new String[] {"--port", port}, 8888, true))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--port takes a number from 0 to 65535, not '" + port + "'.");
        }
    }

    @Test
    @DisplayName("rejects an option without its value, and unknown arguments")
    void rejectsMissingValuesAndUnknownArguments() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--port"}, 8888, true)).hasMessage("--port needs a value.");
        assertThatThrownBy(() -> Options.parse(new String[] {"--host", "--quiet"}, 8888, true))
                .hasMessage("--host needs a value.");
        assertThatThrownBy(() -> Options.parse(new String[] {"8888"}, 8888, true))
                .hasMessage("Unknown argument '8888'.");
        assertThatThrownBy(() -> Options.parse(new String[] {"--quiet"}, 8888, false))
                .hasMessage("Unknown option --quiet.");
    }
}
