package dev.vibe.riffs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free local port, for outages on demand: {@link #cut()} closes every open connection and
 * refuses new ones (the port is closed); {@link #stall()} closes every open connection and accepts new ones but
 * never answers (a server that hangs); {@link #restore()} forwards again, on the same port. Blocking NIO channels,
 * one daemon thread per direction of each connection: a test tool, not a server.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Set<SocketChannel> held = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;
    private Thread acceptor;
    private int port;
    private boolean cut;
    private boolean stalled;

    public TcpProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
    }

    /** Listens on a free port of 127.0.0.1. */
    public synchronized TcpProxy start() {
        listen(new InetSocketAddress("127.0.0.1", 0));
        port = ((InetSocketAddress) localAddress()).getPort();
        return this;
    }

    public synchronized int port() {
        return port;
    }

    /** Closes every open connection, in both directions, and refuses new connections until {@link #restore()}. */
    public void cut() {
        Thread stopping;
        synchronized (this) {
            cut = true;
            closeQuietly(server);
            closeAll();
            stopping = acceptor;
        }
        // The port is free once the thread blocked in accept() has let go of it (outside the lock: it may want it).
        try {
            stopping.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes every open connection; new connections are accepted but get no answer, and are closed by
     * {@link #restore()}.
     */
    public synchronized void stall() {
        stalled = true;
        closeAll();
    }

    /** Forwards new connections again, on the same port. */
    public synchronized void restore() {
        if (cut) {
            listen(new InetSocketAddress("127.0.0.1", port));
            cut = false;
        }
        stalled = false;
        held.forEach(TcpProxy::closeQuietly);
        held.clear();
    }

    @Override
    public void close() {
        cut();
    }

    private void closeAll() {
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
        held.forEach(TcpProxy::closeQuietly);
        held.clear();
    }

    private void listen(InetSocketAddress address) {
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address);
        } catch (IOException e) {
            throw new UncheckedIOException("Proxy cannot listen on " + address, e);
        }
        ServerSocketChannel listening = server;
        acceptor = daemon("tcp-proxy-accept-" + address.getPort(), () -> accept(listening));
    }

    private SocketAddress localAddress() {
        try {
            return server.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocketChannel listening) {
        while (listening.isOpen()) {
            SocketChannel client;
            try {
                client = listening.accept();
            } catch (IOException closed) {
                return;
            }
            if (holdIfStalled(client)) {
                continue;
            }
            SocketChannel upstream;
            try {
                upstream = SocketChannel.open(target);
            } catch (IOException unreachable) {
                closeQuietly(client);
                continue;
            }
            if (!register(client, upstream)) {
                continue;
            }
            daemon("tcp-proxy-up", () -> pump(client, upstream));
            daemon("tcp-proxy-down", () -> pump(upstream, client));
        }
    }

    private synchronized boolean holdIfStalled(SocketChannel client) {
        if (stalled) {
            held.add(client);
        }
        return stalled;
    }

    /** A connection accepted just as the proxy was cut or stalled is closed at once. */
    private synchronized boolean register(SocketChannel client, SocketChannel upstream) {
        if (cut || stalled) {
            closeQuietly(client);
            closeQuietly(upstream);
            return false;
        }
        open.add(client);
        open.add(upstream);
        return true;
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException closed) {
            // cut, or closed by either end
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing is all we want
        }
    }
}
