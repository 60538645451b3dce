package io.flakelens.app.testgrid;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.flakelens.core.testgrid.TestGridException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TestGrid client over real HTTP against a WireMock stub. */
class TestGridClientTest {
    WireMockServer tg;
    final TestGridClient client = new TestGridClient(2, Duration.ZERO);

    @BeforeEach
    void start() {
        tg = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        tg.start();
    }

    @AfterEach
    void stop() {
        tg.stop();
    }

    @Test
    void aServerErrorIsRetriedAndTheDocumentRead() throws Exception {
        tg.stubFor(get(urlPathEqualTo("/d/summary"))
                .inScenario("flaky server")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        tg.stubFor(get(urlPathEqualTo("/d/summary"))
                .inScenario("flaky server")
                .whenScenarioStateIs("up")
                .willReturn(okJson("{\"t\":{\"overall_status\":\"FLAKY\"}}")));

        assertThat(client.get("d", URI.create(tg.baseUrl() + "/d/summary"))
                        .get("t")
                        .get("overall_status")
                        .asText())
                .isEqualTo("FLAKY");
        tg.verify(2, getRequestedFor(urlPathEqualTo("/d/summary")));
    }

    @Test
    void aRefusalIsNotRetriedAndNamesTheUrlAndStatus() {
        tg.stubFor(get(urlPathEqualTo("/d/table"))
                .willReturn(aResponse().withStatus(403).withBody("no\nmore")));
        assertThatThrownBy(() -> client.get("d/t", URI.create(tg.baseUrl() + "/d/table?tab=t")))
                .isInstanceOf(TestGridException.class)
                .hasMessage("d/t: HTTP 403 from " + tg.baseUrl() + "/d/table?tab=t: no");
        tg.verify(1, getRequestedFor(urlPathEqualTo("/d/table")));
    }

    @Test
    void aServerThatStaysDownFailsAfterTheRetriesAndBadJsonIsNamed() {
        tg.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> client.get("t", URI.create(tg.baseUrl() + "/down")))
                .hasMessageContaining("HTTP 502");
        tg.verify(3, getRequestedFor(urlPathEqualTo("/down")));

        tg.stubFor(get(urlPathEqualTo("/html"))
                .willReturn(aResponse().withStatus(200).withBody("<html>")));
        assertThatThrownBy(() -> client.get("t", URI.create(tg.baseUrl() + "/html")))
                .hasMessageStartingWith("t: malformed JSON at line 1, column 1");
    }

    @Test
    void noServerAtAllIsSaidPlainly() {
        int port = tg.port();
        tg.stop();
        assertThatThrownBy(() -> client.get("t", URI.create("http://127.0.0.1:" + port + "/x")))
                .hasMessageStartingWith("t: no reply from http://127.0.0.1:" + port + "/x");
    }

    @Test
    void aSavedPairNamesItsTabByTheNameItShares() {
        assertThat(GridInputs.job(null, "/tmp/x/unit-headers.json")).isEqualTo("unit");
        assertThat(GridInputs.job(null, "/tmp/x/unit_rows.json")).isEqualTo("unit");
        assertThat(GridInputs.job(null, "/tmp/gce-cos/headers.json")).isEqualTo("gce-cos");
        assertThat(GridInputs.job(null, "/tmp/x/both.json")).isEqualTo("both");
        assertThat(GridInputs.job("given", "/tmp/x/unit-headers.json")).isEqualTo("given");
        assertThat(GridInputs.segment("gce cos/master")).isEqualTo("gce%20cos%2Fmaster");
    }
}
