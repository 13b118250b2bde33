package multiplexing.benchmark;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import multiplexing.benchmark.load.LoadGenerator;
import multiplexing.benchmark.load.LoadPlan;
import multiplexing.benchmark.load.LoadResult;
import multiplexing.benchmark.load.ProcessStats;
import multiplexing.benchmark.load.WindowListener;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.Options;
import multiplexing.toolkit.UsageException;

/**
 * The course's load generator from the command line: N connections against any lesson's echo server, a warm-up, a
 * measured window, then requests per second, MiB per second and latency percentiles (HdrHistogram).
 *
 * <p>{@code EchoLoad [--host H] [--port P] [--connections N] [--size BYTES] [--seconds S] [--warmup S] [--uppercase]
 * [--server-pid PID] [--rate R] [--timeout MS] [--hgrm FILE]}
 *
 * <p>Without {@code --rate}, a closed loop; with it, an open loop offering R requests a second in all. Client and
 * server share the machine's CPUs, so compare runs with each other, never with numbers from elsewhere. With
 * {@code --server-pid}, the server's CPU time per request over the window (from {@code /proc/PID/stat} on Linux).
 */
public final class EchoLoad {

    private static final String USAGE = "Usage: EchoLoad [--host HOST] [--port PORT] [--connections N] [--size BYTES]"
            + " [--seconds S] [--warmup S] [--uppercase] [--server-pid PID] [--rate REQUESTS_PER_S] [--timeout MS]"
            + " [--hgrm FILE]   (defaults: 127.0.0.1 8888, 50 connections of 64 bytes, closed loop, 2 s warm-up,"
            + " 10 s measured, 5000 ms timeout)";

    private EchoLoad() {
    }

    /** What to run, and what to do with the result. */
    record Command(LoadPlan plan, long serverPid, Path hgrm) {
    }

    public static void main(String[] args) throws InterruptedException {
        Command command;
        try {
            command = parse(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            LoadResult result = run(command);
            if (result.failed()) {
                System.err.println("The load run failed: " + result.failure() + ".");
                System.exit(1);
            }
        } catch (ConnectException e) {
            System.err.println("Cannot connect to " + Addresses.format(command.plan().server())
                    + ": is the server running?");
            System.exit(1);
        } catch (IOException e) {
            System.err.println("The load run failed: " + e.getMessage() + ".");
            System.exit(1);
        }
    }

    static Command parse(String[] args) throws UsageException {
        String host = Options.DEFAULT_HOST;
        int port = 8888;
        int connections = 50;
        int size = 64;
        int warmup = 2;
        int seconds = 10;
        boolean uppercase = false;
        long serverPid = 0;
        int rate = 0;
        int timeoutMillis = 5_000;
        Path hgrm = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = value(args, ++i, "--host");
                case "--port" -> port = number(args, ++i, "--port", 0, 65_535);
                case "--connections" -> connections = number(args, ++i, "--connections", 1, 10_000);
                case "--size" -> size = number(args, ++i, "--size", 1, LoadPlan.MAX_MESSAGE_BYTES);
                case "--warmup" -> warmup = number(args, ++i, "--warmup", 0, 3600);
                case "--seconds" -> seconds = number(args, ++i, "--seconds", 1, 3600);
                case "--uppercase" -> uppercase = true;
                case "--server-pid" -> serverPid = number(args, ++i, "--server-pid", 1, Integer.MAX_VALUE);
                case "--rate" -> rate = number(args, ++i, "--rate", 1, 10_000_000);
                case "--timeout" -> timeoutMillis = number(args, ++i, "--timeout", 1, 600_000);
                case "--hgrm" -> hgrm = Path.of(value(args, ++i, "--hgrm"));
                default -> throw new UsageException("Unknown argument '" + args[i] + "'.");
            }
        }
        try {
            InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(host), port);
            LoadPlan plan = new LoadPlan(server, connections, size, Duration.ofSeconds(warmup),
                    Duration.ofSeconds(seconds), uppercase, rate, Duration.ofMillis(timeoutMillis));
            return new Command(plan, serverPid, hgrm);
        } catch (UnknownHostException e) {
            throw new UsageException("Unknown host '" + host + "'.");
        }
    }

    static LoadResult run(Command command) throws IOException, InterruptedException {
        ServerCpu cpu = new ServerCpu(command.serverPid());
        LoadResult result = LoadGenerator.run(command.plan(), cpu);
        if (!result.failed()) {
            System.out.println(summary(result, cpu.perRequest(result)));
            if (command.hgrm() != null) {
                Files.writeString(command.hgrm(), result.percentileDistribution());
            }
        }
        return result;
    }

    /** The result in two lines: throughput (as the toolkit's EchoLoad printed it) and latency. */
    static String summary(LoadResult result, String serverCpu) {
        LoadPlan plan = result.plan();
        String loop = plan.openLoop() ? String.format("open loop offering %,.0f requests/s", plan.offeredPerSecond())
                : "closed loop";
        return String.format("%d connections x %d bytes, %s, %d s measured: %,.0f requests/s, %,.1f MiB/s each way%s%n"
                        + "latency (µs): p50 %,d  p90 %,d  p99 %,d  p99.9 %,d  max %,d   (%,d requests, %s)",
                plan.connections(), plan.messageBytes(), loop, plan.measured().toSeconds(), result.achievedPerSecond(),
                result.mibPerSecond(), serverCpu, result.latencyAt(50), result.latencyAt(90), result.latencyAt(99),
                result.latencyAt(99.9), result.maxLatency(), result.requests(),
                plan.openLoop() ? "from each request's intended send time" : "from each request's send time");
    }

    /** The server's CPU time over the measured window, when its process id is known. */
    private static final class ServerCpu implements WindowListener {
        private final ProcessStats server;
        private long before;
        private long during;

        ServerCpu(long pid) {
            this.server = pid == 0 ? null : new ProcessStats(pid);
        }

        @Override
        public void opened() {
            if (server != null) {
                before = server.cpuNanos();
            }
        }

        @Override
        public void closed() {
            if (server != null) {
                during = server.cpuNanos() - before;
            }
        }

        String perRequest(LoadResult result) {
            return server == null || result.requests() == 0 ? "" : String.format("; server CPU %.2f s, %.1f µs per"
                    + " request", during / 1e9, during / 1e3 / result.requests());
        }
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a value.");
        }
        return args[index];
    }

    private static int number(String[] args, int index, String option, int min, int max) throws UsageException {
        String text = value(args, index, option);
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the same sentence as an out-of-range number
        }
        throw new UsageException(option + " takes a number from " + min + " to " + max + ", not '" + text + "'.");
    }
}
