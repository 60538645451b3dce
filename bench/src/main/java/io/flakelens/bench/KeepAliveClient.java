package io.flakelens.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection, as curl or a CI bot's script holds it: a request written, the
 * reply read by its Content-Length. The bench times reads with it because the JDK's HttpClient hands
 * every exchange between its own threads, which on two shared cores adds milliseconds that are the
 * client's, not the server's. Not thread-safe: one per reading thread. Reconnects after an error.
 */
final class KeepAliveClient implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The status of {@code GET path}; the body is read and dropped. */
    int get(String path) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n", null);
    }

    /** The status of {@code POST path} with a JSON body. */
    int postJson(String path, byte[] body) throws IOException {
        return exchange(
                "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n",
                body);
    }

    /** The status of {@code POST path} with a multipart body, as a CI job uploads its reports. */
    int postMultipart(String path, String token, String boundary, byte[] body) throws IOException {
        return exchange(
                "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                        + body.length + "\r\n\r\n",
                body);
    }

    /** The text of {@code GET path}, or null when the status is not 200. */
    String getText(String path) throws IOException {
        StringBuilder text = new StringBuilder();
        int status = exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n", null, text);
        return status == 200 ? text.toString() : null;
    }

    private int exchange(String head, byte[] body) throws IOException {
        return exchange(head, body, null);
    }

    /** @param text where the body goes as UTF-8 text, or null to drop it */
    private int exchange(String head, byte[] body, StringBuilder text) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(120_000);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        }
        try {
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + (body == null ? 0 : body.length));
            request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                request.writeBytes(body);
            }
            out.write(request.toByteArray());
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().strip(), 16);
                        size > 0;
                        size = Long.parseLong(line().strip(), 16)) {
                    skip(size, text);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length, text);
            }
            return code;
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-reply");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private void skip(long n, StringBuilder text) throws IOException {
        if (text != null) {
            byte[] b = in.readNBytes((int) n);
            if (b.length < n) {
                throw new IOException("connection closed mid-body");
            }
            text.append(new String(b, StandardCharsets.UTF_8));
            return;
        }
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                s = 1;
            }
            n -= s;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection we are done with; nothing to report
            }
            socket = null;
        }
    }
}
