package io.flakelens.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between a client and a real server, for the moments a network or a crash makes: on
 * its first connection it can cut the request after some bytes (then {@code onCut} kills the server
 * and returns the port of its successor), or let the request through and lose the reply. Later connections are
 * relayed untouched to whatever port {@link #backend} holds then.
 */
final class Relay implements AutoCloseable {
    enum Fault {
        CUT_REQUEST,
        LOSE_REPLY
    }

    final AtomicInteger backend = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket listener;
    private final Fault fault;
    private final long cutAfter;
    private final java.util.function.IntSupplier onCut;
    private final AtomicBoolean faulted = new AtomicBoolean();

    Relay(int backendPort, Fault fault, long cutAfter, java.util.function.IntSupplier onCut) throws IOException {
        backend.set(backendPort);
        this.fault = fault;
        this.cutAfter = cutAfter;
        this.onCut = onCut;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "relay");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    boolean faulted() {
        return faulted.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                boolean first = connections.incrementAndGet() == 1;
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), backend.get());
                } catch (IOException e) {
                    client.close(); // the server is down: the client sees its connection closed
                    continue;
                }
                pump(client, server, true, first);
                pump(server, client, false, first);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request, boolean first) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[1024];
                    long sent = 0;
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            if (first
                                    && request
                                    && fault == Fault.CUT_REQUEST
                                    && sent + n > cutAfter
                                    && faulted.compareAndSet(false, true)) {
                                out.write(buf, 0, (int) (cutAfter - sent));
                                out.flush();
                                from.close();
                                to.close();
                                backend.set(onCut.getAsInt());
                                return;
                            }
                            if (first && !request && fault == Fault.LOSE_REPLY && faulted.compareAndSet(false, true)) {
                                from.close();
                                to.close();
                                return;
                            }
                            out.write(buf, 0, n);
                            out.flush();
                            sent += n;
                        }
                    } catch (IOException e) {
                        // one side went away; closing both below tells the other
                    } finally {
                        try {
                            from.close();
                            to.close();
                        } catch (IOException e) {
                            // already closed
                        }
                    }
                },
                "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
