package org.sipice.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between clients and one server, whose connections a test can cut: a
 * network path that drops (TURN over TCP losing its connection). Two copying threads per
 * connection, named {@code test-tcp-proxy}; all gone after {@link #close()}.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listening;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listening = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        start(this::accept);
    }

    /** Listens on a free loopback port; every connection made to it is relayed to {@code target}. */
    public static TcpProxy to(InetSocketAddress target) throws IOException {
        return new TcpProxy(target);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listening.getLocalSocketAddress();
    }

    /** Cuts every connection relayed so far, both sides closed (each sees the connection end). */
    public void dropAll() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listening.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                start(() -> copy(client, server));
                start(() -> copy(server, client));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // cut
        } finally {
            try {
                to.close();
                from.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private void start(Runnable task) {
        Thread t = new Thread(task, "test-tcp-proxy");
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listening.close();
        dropAll();
        for (Thread t : threads) {
            t.join(5000);
        }
    }
}
