package multiplexing.benchmark.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import multiplexing.benchmark.load.ProcessStats;
import multiplexing.toolkit.Quietly;

/**
 * Idle connections held open against a server, which is measured after each step: memory, threads, and the CPU it
 * uses while nothing happens (a loop that blocks uses none). Each connection exchanges one short message when it
 * opens (digits, the same in uppercase), then stays silent; they open one at a time, so that a short listen backlog
 * never overflows.
 */
final class IdleMeasurement implements AutoCloseable {

    static final long SETTLE_MILLIS = 500;
    static final long WINDOW_MILLIS = 1_000;
    private static final byte[] HELLO = "0123456789".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress server;
    private final List<Socket> sockets = new ArrayList<>();

    IdleMeasurement(InetSocketAddress server) {
        this.server = server;
    }

    /** Opens connections until {@code count} are open. */
    void openUpTo(int count) throws IOException {
        byte[] reply = new byte[HELLO.length];
        while (sockets.size() < count) {
            Socket socket = new Socket();
            sockets.add(socket);
            socket.setSoTimeout(5_000);
            socket.connect(server, 5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(HELLO);
            if (in.readNBytes(reply, 0, reply.length) != reply.length || !Arrays.equals(HELLO, reply)) {
                throw new IOException("idle connection " + sockets.size() + " did not get its first reply back");
            }
        }
    }

    /** Waits for the server to settle, then measures it over a quiet window. */
    IdleRow measure(ServerSpec spec, ProcessStats stats, int run) throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS); // a measurement over time: waiting is the point
        long cpuBefore = stats.cpuNanos();
        long start = System.nanoTime();
        Thread.sleep(WINDOW_MILLIS);
        long cpu = stats.cpuNanos() - cpuBefore;
        double seconds = (System.nanoTime() - start) / 1e9;
        return new IdleRow(spec, sockets.size(), run, stats.residentBytes(), stats.threads(), cpu / 1e6 / seconds);
    }

    @Override
    public void close() {
        sockets.forEach(Quietly::close);
    }
}
