package dev.vibe.riffs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port where an OTLP collector would listen: it counts the connections made to it and closes them (it speaks no
 * OTLP, so an export to it fails after connecting). Listens on every local address, IPv4 and IPv6, so that a
 * connection to {@code localhost} is seen whichever address that resolves to.
 */
public final class CollectorPort implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    private CollectorPort(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "collector-port-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on the port (0: a free one); null when another process holds it. */
    public static CollectorPort listen(int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            try {
                server.bind(new InetSocketAddress(port));
            } catch (IOException taken) {
                server.close();
                return null;
            }
            return new CollectorPort(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                connections.incrementAndGet();
            } catch (IOException closed) {
                // closed by close(), or a connection that went away
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
