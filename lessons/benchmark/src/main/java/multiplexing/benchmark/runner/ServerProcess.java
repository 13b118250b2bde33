package multiplexing.benchmark.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import multiplexing.benchmark.load.ProcessStats;

/**
 * A server in a JVM (or a Python process) of its own, on a free port, pinned where {@link Pinning} says. A Java
 * server gets {@code --port 0 --quiet} and says its port in its startup line; the Python seed cannot, so it gets a
 * port that was free a moment before.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile(" listening on [^ ]+:(\\d+) ");
    private static final long START_TIMEOUT_SECONDS = 30;

    private final ServerSpec spec;
    private final Process process;
    private final InetSocketAddress address;
    private final Path errors;
    private final Socket probe;

    private ServerProcess(ServerSpec spec, Process process, InetSocketAddress address, Path errors, Socket probe) {
        this.spec = spec;
        this.process = process;
        this.address = address;
        this.errors = errors;
        this.probe = probe;
    }

    /** Starts the server and returns once it accepts connections; fails with the server's own words otherwise. */
    static ServerProcess start(ServerSpec spec, Pinning pinning, String classpath, Path repository, Path work)
            throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path errors = Files.createTempFile(work, spec.id(), ".err");
        List<String> command = new ArrayList<>();
        int port = 0;
        if (spec.python()) {
            port = freePort();
            command.add(SeedScript.python().orElseThrow(() -> new IOException("python3 is not on the PATH")));
            command.add(SeedScript.write(repository, work, port).toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--enable-native-access=ALL-UNNAMED"); // Netty's native transports, lesson 11; harmless elsewhere
            // Lesson 04's poll(2) selector is in a package java.base does not export: without this, lesson 04 says
            // so and falls back to the default selector (epoll), and would be measured as what it is not.
            command.addAll(List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED"));
            command.addAll(List.of("-cp", classpath, spec.mainClass()));
            command.addAll(spec.arguments());
            command.addAll(List.of("--port", "0", "--quiet"));
        }
        Process process = new ProcessBuilder(pinning.serverCommand(command))
                .redirectError(errors.toFile())
                .start();
        try {
            if (spec.python()) {
                Socket probe = awaitConnectable(process, port);
                return new ServerProcess(spec, process, new InetSocketAddress("127.0.0.1", port), errors, probe);
            }
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", awaitStartupLine(process));
            return new ServerProcess(spec, process, address, errors, null);
        } catch (IOException | TimeoutException e) {
            process.destroyForcibly().waitFor();
            String said = Files.readString(errors).strip();
            throw new IOException(spec.id() + " did not start" + (said.isEmpty() ? " (" + e.getMessage() + ")"
                    : ": " + said.lines().findFirst().orElse("")));
        }
    }

    /** Reads the startup line for the port, then keeps reading the output so that the server never blocks on it. */
    private static int awaitStartupLine(Process process) throws IOException, InterruptedException, TimeoutException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("server-output").start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (!port.isDone() && matcher.find()) {
                        port.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
                port.completeExceptionally(new IOException("the server ended before it was listening"));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        });
        try {
            return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The seed prints nothing it can be waited for: try to connect until it accepts (50 ms apart). The connection
     * that got in stays open, idle, until the server is stopped: the seed spins at full CPU on a closed connection.
     */
    private static Socket awaitConnectable(Process process, int port)
            throws IOException, InterruptedException, TimeoutException {
        process.getInputStream().close();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server ended before it was listening");
            }
            Socket probe = new Socket();
            try {
                probe.connect(address, 1_000);
                return probe;
            } catch (IOException notYet) {
                probe.close();
                Thread.sleep(50); // polling a process that cannot say when it is ready
            }
        }
        throw new TimeoutException("not listening after " + START_TIMEOUT_SECONDS + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    ServerSpec spec() {
        return spec;
    }

    InetSocketAddress address() {
        return address;
    }

    ProcessStats stats() {
        return new ProcessStats(process.pid());
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        if (probe != null) {
            probe.close();
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(errors);
    }
}
