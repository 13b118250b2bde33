package multiplexing.benchmark.runner;

import java.util.OptionalLong;

/** One line of idle.csv: a server holding N idle connections, measured over a quiet second. */
record IdleRow(ServerSpec server, int idleConnections, int run, OptionalLong serverRssBytes,
               OptionalLong serverThreads, double serverCpuMillisPerSecond) {

    static final String HEADER = "server,label,idle_connections,run,server_rss_mib,server_threads,"
            + "server_cpu_ms_per_s";

    String csv() {
        return String.join(",", server.id(), LoadRow.text(server.label()), Integer.toString(idleConnections), Integer.toString(run),
                serverRssBytes.isPresent() ? LoadRow.decimal(serverRssBytes.getAsLong() / (1024.0 * 1024.0), 1) : "",
                serverThreads.isPresent() ? Long.toString(serverThreads.getAsLong()) : "",
                LoadRow.decimal(serverCpuMillisPerSecond, 1));
    }
}
