package io.flakelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** No value from outside can start a log line of its own. */
class EscapedMessageTest {
    @Test
    void lineBreaksAndControlsAreEscapedAndPlainTextIsKept() {
        assertThat(EscapedMessage.escape("plain: café \uD83D\uDE00")).isEqualTo("plain: café \uD83D\uDE00");
        assertThat(EscapedMessage.escape("a\r\nb\tc\\d\u001B[31m\u2028e\u0000"))
                .isEqualTo("a\\r\\nb\\tc\\\\d\\u001b[31m\\u2028e\\u0000");
    }

    @Test
    void theShippedConfigurationWritesEachEventOnOneLine() throws Exception {
        LoggerContext ctx = new LoggerContext();
        JoranConfigurator jc = new JoranConfigurator();
        jc.setContext(ctx);
        jc.doConfigure(EscapedMessage.class.getResource("/logback.xml"));
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> stderr =
                (ConsoleAppender<ILoggingEvent>) ctx.getLogger("ROOT").getAppender("stderr");
        LoggingEvent e = new LoggingEvent(
                EscapedMessageTest.class.getName(),
                ctx.getLogger("io.flakelens.app.serve.X"),
                Level.ERROR,
                "{} {} failed, incident {}: {}",
                null,
                new Object[] {"POST", "/api/v1/runs", "abc", "no table\r\n12:00:00.000 INFO  forged - all is well"});
        String line = new String(stderr.getEncoder().encode(e), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1))
                .doesNotContain("\n")
                .doesNotContain("\r")
                .contains("no table\\r\\n12:00:00.000 INFO  forged");
        ctx.stop();
    }
}
