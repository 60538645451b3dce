package io.flakelens.app.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.tracker.JobStatus;
import io.flakelens.core.tracker.TrackerReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code report tracker --port}: the HTML page reloads itself and is rebuilt once per refresh period. */
class TrackerServerTest {
    static HttpResponse<String> get(TrackerServer s, String path) throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serves_the_html_report_and_rebuilds_it_after_the_refresh_period() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        Instant t = Instant.parse("2026-11-27T12:00:00Z");
        try (TrackerServer s = TrackerServer.start(
                "127.0.0.1",
                0,
                Duration.ofSeconds(2),
                () -> new TrackerReport(
                        t,
                        t,
                        List.of(new TrackerReport.Group(
                                "g",
                                List.of(new TrackerReport.Job(
                                        "job-" + builds.incrementAndGet(), JobStatus.PASSING, 1, 1, 0, List.of()))))),
                r -> "{}")) {
            HttpResponse<String> first = get(s, "/");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(first.body()).contains("<meta http-equiv=\"refresh\" content=\"2\">", "job-1");
            assertThat(get(s, "/").body()).contains("job-1");
            assertThat(get(s, "/?format=csv").body())
                    .startsWith("group,job,job_status")
                    .contains("g,job-1,passing");
            Thread.sleep(2100);
            assertThat(get(s, "/").body()).contains("job-2");
            assertThat(get(s, "/elsewhere").statusCode()).isEqualTo(404);
            assertThat(get(s, "/?format=pdf").statusCode()).isEqualTo(400);
        }
    }
}
