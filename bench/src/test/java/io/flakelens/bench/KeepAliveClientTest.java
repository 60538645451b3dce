package io.flakelens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The bench's keep-alive client reads sized and chunked replies and keeps one connection for many requests. */
class KeepAliveClientTest {
    @Test
    void sizedAndChunkedRepliesOnOneConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            List<String> requestLines = new ArrayList<>();
            CompletableFuture<Integer> connections = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    OutputStream out = s.getOutputStream();
                    String[] replies = {
                        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                        "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n",
                        "HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n{}"
                    };
                    for (String reply : replies) {
                        String first = in.readLine();
                        requestLines.add(first);
                        int length = 0;
                        for (String h = in.readLine(); !h.isEmpty(); h = in.readLine()) {
                            if (h.startsWith("Content-Length:")) {
                                length = Integer.parseInt(h.substring(15).strip());
                            }
                        }
                        char[] body = new char[length];
                        int read = 0;
                        while (read < length) {
                            read += in.read(body, read, length - read);
                        }
                        out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                    return 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (KeepAliveClient c = new KeepAliveClient("127.0.0.1", server.getLocalPort())) {
                assertThat(c.get("/a")).isEqualTo(200);
                assertThat(c.get("/b")).isEqualTo(404);
                assertThat(c.postJson("/c", "{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                        .isEqualTo(201);
            }
            assertThat(connections.get()).isEqualTo(1);
            assertThat(requestLines).containsExactly("GET /a HTTP/1.1", "GET /b HTTP/1.1", "POST /c HTTP/1.1");
        }
    }
}
