package multiplexing.lesson11;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import multiplexing.toolkit.EventLog;

/**
 * The same workload against the server level-triggered, then edge-triggered, counted by the server itself: how many
 * times epoll_wait returned, how many events it reported, how many read calls the loop made. Run it (see the lesson's
 * page) with {@code [CLIENTS [BYTES [CHUNK]]]}: each client writes BYTES in writes of CHUNK bytes on one thread and
 * reads the echo on another. Every reply is checked byte for byte.
 */
public final class WakeUps {

    private WakeUps() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024 * 1024;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 16 * 1024;
        System.out.printf("%d clients, each %,d bytes in writes of %,d bytes, echoed%n", clients, bytes, chunk);
        System.out.printf("%-16s %12s %12s %12s %16s%n", "mode", "epoll_wait", "events", "read calls",
                "events/wake-up");
        for (Trigger trigger : List.of(Trigger.LEVEL, Trigger.EDGE)) {
            RawEpollEchoServer server = new RawEpollEchoServer(new InetSocketAddress("127.0.0.1", 0),
                    EventLog.SILENT, Settings.ECHO.withTrigger(trigger));
            Thread loop = Thread.ofPlatform().name("raw-epoll-loop").start(() -> {
                try {
                    server.serve();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                run(server.address(), clients, bytes, chunk);
            } finally {
                server.close();
                loop.join();
            }
            System.out.printf("%-16s %,12d %,12d %,12d %16.2f%n", trigger.name().toLowerCase() + "-triggered",
                    server.wakeUps(), server.events(), server.reads(), (double) server.events() / server.wakeUps());
        }
    }

    private static void run(InetSocketAddress address, int clients, int bytes, int chunk)
            throws InterruptedException, ExecutionException {
        try (ExecutorService threads = Executors.newCachedThreadPool()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                byte[] payload = new byte[bytes];
                new Random(i).nextBytes(payload);
                done.add(threads.submit(() -> echo(address, payload, chunk, threads)));
            }
            for (Future<?> client : done) {
                client.get();
            }
        }
    }

    private static Void echo(InetSocketAddress address, byte[] payload, int chunk, ExecutorService threads)
            throws Exception {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            Future<?> writing = threads.submit(() -> {
                OutputStream out = socket.getOutputStream();
                for (int offset = 0; offset < payload.length; offset += chunk) {
                    out.write(payload, offset, Math.min(chunk, payload.length - offset));
                }
                socket.shutdownOutput();
                return null;
            });
            byte[] reply = new byte[payload.length];
            InputStream in = socket.getInputStream();
            for (int got = 0, n; got < reply.length; got += n) {
                n = in.read(reply, got, reply.length - got);
                if (n == -1) {
                    throw new IOException("the server closed after " + got + " bytes of " + reply.length);
                }
            }
            writing.get();
            if (!Arrays.equals(payload, reply)) {
                throw new IOException("the echo differs from what was sent");
            }
        }
        return null;
    }
}
