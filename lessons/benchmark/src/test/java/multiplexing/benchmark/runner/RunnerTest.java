package multiplexing.benchmark.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerTest {

    @Test
    @Timeout(60)
    @DisplayName("a one-second run against lesson 07's solution, in its own JVM, gives a complete load.csv row")
    void oneSecondAgainstLesson07(@TempDir Path work) throws Exception {
        ServerSpec lesson07 = Servers.byId("07-robust-echo").orElseThrow();
        Point point = Point.closed("servers", 10, 256, 200, 1_000);
        try (ServerProcess server = ServerProcess.start(lesson07, Pinning.unpinned("a test"),
                System.getProperty("java.class.path"), work, work)) {
            LoadRow row = PointMeasurement.measure(server, point, 1);

            String[] header = LoadRow.HEADER.split(",", -1);
            String[] fields = row.csv().split(",", -1);
            assertThat(fields).as("fields of " + row.csv()).hasSameSizeAs(header);
            assertThat(row.result().failure()).as("failure").isNull();
            assertThat(field(fields, header, "scenario")).isEqualTo("servers");
            assertThat(field(fields, header, "server")).isEqualTo("07-robust-echo");
            assertThat(field(fields, header, "loop")).isEqualTo("closed");
            assertThat(field(fields, header, "connections")).isEqualTo("10");
            assertThat(field(fields, header, "message_bytes")).isEqualTo("256");
            assertThat(field(fields, header, "offered_requests_per_s")).as("offered, closed loop").isEmpty();
            assertThat(field(fields, header, "errors")).isEqualTo("0");
            assertThat(Long.parseLong(field(fields, header, "requests"))).as("requests").isPositive();
            for (String column : new String[] {"achieved_requests_per_s", "mib_per_s", "p50_us", "p99_us", "max_us",
                    "server_cpu_us_per_request", "server_rss_mib", "server_threads"}) {
                assertThat(Double.parseDouble(field(fields, header, column))).as(column).isPositive();
            }
        }
    }

    private static String field(String[] fields, String[] header, String column) {
        return fields[Arrays.asList(header).indexOf(column)];
    }

    @Test
    @Timeout(5)
    @DisplayName("the seed's variant 1 runs as written, on another port, with print silenced")
    void seedScript(@TempDir Path work) throws Exception {
        Path repository = Path.of("../..").toAbsolutePath().normalize();
        String script = Files.readString(SeedScript.write(repository, work, 9777));

        assertThat(script).startsWith("print = lambda *args, **kwargs: None");
        assertThat(script).contains("server_address = (\"127.0.0.1\", 9777)").doesNotContain("8888");
        assertThat(script).contains("server.listen(10)").contains("data = socket.recv(1024)");
    }

    @Test
    @Timeout(5)
    @DisplayName("each server id appears once; the full plan runs every server in every run, and measures each idle")
    void plan() {
        assertThat(Servers.ALL.stream().map(ServerSpec::id).distinct()).hasSameSizeAs(Servers.ALL);
        Plans.Plan full = Plans.full();
        for (ServerSpec server : Servers.ALL) {
            assertThat(full.jobs(Servers.ALL).stream().filter(job -> job.server().equals(server)
                    && !job.idle() && job.points().getFirst().scenario().equals("servers")))
                    .as(server.id() + "'s headline runs").hasSize(server.idleOnly() ? 0 : full.runs());
            assertThat(full.jobs(Servers.ALL).stream().filter(job -> job.server().equals(server) && job.idle()))
                    .as(server.id() + "'s idle runs").hasSize(full.idleRuns());
        }
    }
}
