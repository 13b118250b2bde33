package multiplexing.toolkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small load run against any lesson's echo server: N connections, each in a closed loop (send a message, read the
 * whole reply, check it byte for byte), first a warm-up, then a measured window; prints requests per second.
 *
 * <p>{@code EchoLoad [--host H] [--port P] [--connections N] [--size BYTES] [--seconds S] [--warmup S] [--uppercase]
 * [--server-pid PID]}
 *
 * <p>It measures one thing, quickly, on one machine: client and server share the CPU, so compare runs with each
 * other, never with numbers from elsewhere. On Linux, {@code --server-pid} adds the server's CPU time per request
 * (from {@code /proc/PID/stat}), which other programs on a busy machine disturb much less than requests per second.
 */
public final class EchoLoad {

    private static final String USAGE = "Usage: EchoLoad [--host HOST] [--port PORT] [--connections N] [--size BYTES]"
            + " [--seconds S] [--warmup S] [--uppercase] [--server-pid PID]   (defaults: 127.0.0.1 8888,"
            + " 50 connections of 64 bytes, 2 s warm-up, 10 s measured)";
    /** /proc reports CPU time in clock ticks of 1/100 s (USER_HZ, 100 on every common Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private EchoLoad() {
    }

    /** What to run. */
    record Plan(InetSocketAddress server, int connections, int size, int warmupSeconds, int seconds,
                boolean uppercase, long serverPid) {
    }

    public static void main(String[] args) throws InterruptedException {
        Plan plan;
        try {
            plan = parse(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            run(plan);
        } catch (ConnectException e) {
            System.err.println("Cannot connect to " + Addresses.format(plan.server()) + ": is the server running?");
            System.exit(1);
        } catch (IOException e) {
            System.err.println("The load run failed: " + e.getMessage() + ".");
            System.exit(1);
        }
    }

    static Plan parse(String[] args) throws UsageException {
        String host = Options.DEFAULT_HOST;
        int port = 8888;
        int connections = 50;
        int size = 64;
        int warmup = 2;
        int seconds = 10;
        boolean uppercase = false;
        long serverPid = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = value(args, ++i, "--host");
                case "--port" -> port = number(args, ++i, "--port", 0, 65_535);
                case "--connections" -> connections = number(args, ++i, "--connections", 1, 10_000);
                case "--size" -> size = number(args, ++i, "--size", 1, 16 * 1024 * 1024);
                case "--warmup" -> warmup = number(args, ++i, "--warmup", 0, 3600);
                case "--seconds" -> seconds = number(args, ++i, "--seconds", 1, 3600);
                case "--uppercase" -> uppercase = true;
                case "--server-pid" -> serverPid = number(args, ++i, "--server-pid", 1, Integer.MAX_VALUE);
                default -> throw new UsageException("Unknown argument '" + args[i] + "'.");
            }
        }
        try {
            return new Plan(new InetSocketAddress(InetAddress.getByName(host), port), connections, size, warmup,
                    seconds, uppercase, serverPid);
        } catch (UnknownHostException e) {
            throw new UsageException("Unknown host '" + host + "'.");
        }
    }

    static void run(Plan plan) throws IOException, InterruptedException {
        List<Socket> sockets = new ArrayList<>();
        LongAdder requests = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        List<IOException> failures = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < plan.connections(); i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.setTcpNoDelay(true); // one request, one reply: do not let Nagle's algorithm hold them back
                socket.connect(plan.server(), 5_000);
            }
            for (Socket socket : sockets) {
                clients.add(Thread.ofVirtual().start(() -> {
                    try {
                        closedLoop(socket, plan, requests, running);
                    } catch (IOException e) {
                        if (running.get()) {
                            failures.add(e);
                            running.set(false);
                        }
                    }
                }));
            }
            Thread.sleep(plan.warmupSeconds() * 1000L); // a load run measures over time: sleeping is its job
            long before = requests.sum();
            long cpuTicksBefore = serverCpuTicks(plan.serverPid());
            long start = System.nanoTime();
            Thread.sleep(plan.seconds() * 1000L);
            long done = requests.sum() - before;
            long cpuTicks = serverCpuTicks(plan.serverPid()) - cpuTicksBefore;
            double elapsed = (System.nanoTime() - start) / 1e9;
            running.set(false);
            if (!failures.isEmpty()) {
                throw failures.getFirst();
            }
            System.out.printf("%d connections x %d bytes, %d s measured: %,.0f requests/s, %,.1f MiB/s each way%s%n",
                    plan.connections(), plan.size(), plan.seconds(), done / elapsed,
                    done * (double) plan.size() / elapsed / (1024 * 1024), plan.serverPid() == 0 ? ""
                            : String.format("; server CPU %.2f s, %.1f µs per request", cpuTicks / TICKS_PER_SECOND,
                            cpuTicks / TICKS_PER_SECOND * 1e6 / done));
        } finally {
            running.set(false);
            sockets.forEach(Quietly::close);
            for (Thread client : clients) {
                client.join();
            }
        }
    }

    /** User plus system CPU time of process {@code pid} so far, in clock ticks; 0 without a pid. */
    private static long serverCpuTicks(long pid) throws IOException {
        if (pid == 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name, in parentheses, may contain spaces: count fields from the closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime, fields 14 and 15
    }

    private static void closedLoop(Socket socket, Plan plan, LongAdder requests, AtomicBoolean running)
            throws IOException {
        byte[] message = new byte[plan.size()];
        ThreadLocalRandom.current().nextBytes(message);
        byte[] expected = plan.uppercase() ? Ascii.toUpperCase(message) : message;
        byte[] reply = new byte[plan.size()];
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        while (running.get()) {
            out.write(message);
            if (in.readNBytes(reply, 0, reply.length) != reply.length) {
                throw new IOException("the server closed the connection");
            }
            if (!Arrays.equals(expected, reply)) {
                throw new IOException("a reply differs from what was sent");
            }
            requests.increment();
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
