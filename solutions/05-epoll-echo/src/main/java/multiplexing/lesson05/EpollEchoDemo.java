package multiplexing.lesson05;

import multiplexing.toolkit.EchoDemo;

/**
 * The lesson in one command: starts {@link EpollEchoServer} on a free port, lets three clients talk to it at once,
 * prints the server's event log (the seed's messages in English) among what each client sends and receives, and ends.
 */
public final class EpollEchoDemo {

    private EpollEchoDemo() {
    }

    public static void main(String[] args) {
        int status = EchoDemo.run("EpollEchoServer", EpollEchoServer::new, "client close", System.out);
        if (status != 0) {
            System.exit(status);
        }
    }
}
