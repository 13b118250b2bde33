package multiplexing.lesson01;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import multiplexing.toolkit.Addresses;
import multiplexing.toolkit.EventLog;
import multiplexing.toolkit.Listeners;
import multiplexing.toolkit.Quietly;
import multiplexing.toolkit.Server;
import multiplexing.toolkit.ServerLauncher;
import multiplexing.toolkit.Todo;

/** One thread, blocking calls: accepts a client, echoes until it leaves, and only then accepts the next one. */
public final class BlockingEchoServer implements Server {

    private static final int BACKLOG = 50;

    private final ServerSocket listener;
    private final EventLog log;
    private volatile Socket current;
    private volatile boolean closed;

    static {
        // close() must work even when the process has no file descriptor left, and loading a class from the class
        // path takes one (to open the file): load the helper it calls now, not at the first close().
        Quietly.close(null);
    }

    public BlockingEchoServer(InetSocketAddress bindAddress, EventLog log) throws IOException {
        this.log = log;
        this.listener = Listeners.bind(bindAddress, BACKLOG);
    }

    public static void main(String[] args) {
        ServerLauncher.launch("BlockingEchoServer", 8888, BlockingEchoServer::new, args);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    // tag::accept-loop[]
    @Override
    public void serve() throws IOException {
        // TODO 1: accept clients one after another, forever, on this one thread.
        //  - listener.accept() blocks until a client connects and returns its Socket;
        //  - hand the client to serveUntilItLeaves(client): only when it returns, accept the next one;
        //  - close() closes the listener to stop you: accept() then throws a SocketException. If closed is true,
        //    return; otherwise rethrow.
        throw new Todo("write the accept loop of BlockingEchoServer.serve()"
                + " (course: lesson 01, section \"Step 1: the accept loop\").");
    }
    // end::accept-loop[]

    private void serveUntilItLeaves(Socket client) {
        current = client;
        if (closed) { // close() may have run just before current was set
            Quietly.close(client);
            return;
        }
        String peer = Addresses.format((InetSocketAddress) client.getRemoteSocketAddress());
        log.log("Connected: " + peer);
        try (client) {
            echo(client.getInputStream(), client.getOutputStream());
            log.log("Closed by the client: " + peer);
        } catch (IOException e) {
            // This client's connection broke (reset, broken pipe): its problem, not the server's.
            log.log("Connection lost: " + peer + " (" + e.getMessage() + ")");
        } finally {
            current = null;
        }
    }

    // tag::echo[]
    private static void echo(InputStream in, OutputStream out) throws IOException {
        // TODO 2: copy in to out until the client closes.
        //  - in.read(buffer) blocks until at least one byte arrives and returns how many (n), or -1 when the client
        //    has closed its side: then return;
        //  - write back exactly those n bytes: out.write(buffer, 0, n).
        throw new Todo("write the echo loop of BlockingEchoServer.echo(in, out)"
                + " (course: lesson 01, section \"Step 2: the echo loop\").");
    }
    // end::echo[]

    @Override
    public void close() {
        closed = true;
        Quietly.close(listener);
        Quietly.close(current);
    }
}
