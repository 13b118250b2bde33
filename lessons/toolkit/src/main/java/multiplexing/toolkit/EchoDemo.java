package multiplexing.toolkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A lesson's server and a few clients in one program, no second terminal needed: it starts the server on a free port
 * of 127.0.0.1, lets three clients talk to it at the same time, and prints both sides as they happen (the server's
 * event log, and what each client sends and receives). Then it closes the server and ends, within seconds.
 */
public final class EchoDemo {

    private static final int CLIENTS = 3;
    private static final int MESSAGES_EACH = 2;
    /** Every wait of the demo (a reply, the clients, the server's last log lines) ends by then. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final PrintStream out;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch clientsClosedOnServer = new CountDownLatch(CLIENTS);

    private EchoDemo(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the demo and returns an exit status: 0 if every client got its replies.
     *
     * @param closeLine what the server logs when a client leaves: the demo waits for it before closing the server,
     *                  so the log shows every connection's end
     */
    public static int run(String serverName, ServerFactory factory, String closeLine, PrintStream out) {
        return new EchoDemo(out).run(serverName, factory, closeLine);
    }

    private int run(String serverName, ServerFactory factory, String closeLine) {
        out.printf("Starting %s on a free port of 127.0.0.1, then %d clients at once, %d messages each.%n",
                serverName, CLIENTS, MESSAGES_EACH);
        out.println("\"server   |\" lines are the server's event log; \"client N |\" lines are what client N does.");
        out.println();
        EventLog serverLog = message -> {
            print("server  ", message);
            if (message.equals(closeLine)) {
                clientsClosedOnServer.countDown();
            }
        };
        Server server;
        try {
            server = factory.open(new InetSocketAddress("127.0.0.1", 0), serverLog);
        } catch (IOException | RuntimeException e) {
            out.println("The server did not start: " + e.getMessage());
            return 1;
        }
        Thread loop = Thread.ofPlatform().name("server").start(() -> serve(server));
        try {
            boolean allReplied = runClients(server.address());
            boolean allClosed = allReplied && clientsClosedOnServer.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            server.close();
            loop.join(DEADLINE.toMillis());
            out.println();
            out.println(allReplied && allClosed
                    ? "Done: every client got its own bytes back, and the server saw every client leave."
                    : "The demo did not go as expected: see the lines above.");
            return allReplied && allClosed ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            server.close();
        }
    }

    private void serve(Server server) {
        try {
            server.serve();
        } catch (IOException | RuntimeException e) {
            print("server  ", "STOPPED: " + e.getMessage());
            sockets.forEach(Quietly::close); // the clients would otherwise wait for replies that cannot come
        }
    }

    /** Starts the clients together, waits for them all, and says whether each got every reply. */
    private boolean runClients(InetSocketAddress address) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> clients = new ArrayList<>();
        boolean[] ok = new boolean[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            int number = i + 1;
            clients.add(Thread.ofPlatform().name("client-" + number).start(() -> {
                try {
                    go.await();
                    ok[number - 1] = talk(number, address);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        long end = System.nanoTime() + DEADLINE.toNanos();
        for (Thread client : clients) {
            client.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        }
        boolean all = true;
        for (int i = 0; i < CLIENTS; i++) {
            all &= ok[i] && !clients.get(i).isAlive();
        }
        return all;
    }

    /** One client: connect, send each message and read its reply, leave. */
    private boolean talk(int number, InetSocketAddress address) {
        String me = "client " + number;
        try (Socket socket = new Socket()) {
            sockets.add(socket);
            socket.connect(address, Math.toIntExact(DEADLINE.toMillis()));
            socket.setSoTimeout(Math.toIntExact(DEADLINE.toMillis()));
            print(me, "connected from " + PythonRepr.address((InetSocketAddress) socket.getLocalSocketAddress()));
            OutputStream toServer = socket.getOutputStream();
            InputStream fromServer = socket.getInputStream();
            for (int m = 1; m <= MESSAGES_EACH; m++) {
                byte[] message = ("hello " + m + " from client " + number + "\n").getBytes(StandardCharsets.US_ASCII);
                print(me, "sends    " + PythonRepr.bytes(message));
                toServer.write(message);
                byte[] reply = fromServer.readNBytes(message.length);
                print(me, "received " + PythonRepr.bytes(reply));
                if (reply.length < message.length) {
                    print(me, "the server closed the connection before replying in full");
                    return false;
                }
            }
            print(me, "closes the connection");
            return true;
        } catch (SocketTimeoutException e) {
            print(me, "no reply within " + DEADLINE.toSeconds() + " s");
            return false;
        } catch (IOException e) {
            print(me, "connection failed: " + e.getMessage());
            return false;
        }
    }

    private void print(String who, String what) {
        out.println(who + " | " + what);
    }
}
