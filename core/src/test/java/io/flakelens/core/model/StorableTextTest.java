package io.flakelens.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorableTextTest {
    @Test
    void everythingButNulAndHalfPairsCanBeStored() {
        assertThat(StorableText.problem("a\r\nb\"c,d\\e\uD83D\uDE00\uFFFF\u0001"))
                .isNull();
        assertThat(StorableText.problem(null)).isNull();
        assertThat(StorableText.problem("ab\u0000")).isEqualTo("a NUL character (U+0000) at character 3");
        assertThat(StorableText.problem("\uD800x")).isEqualTo("an unpaired surrogate (U+D800) at character 1");
        assertThat(StorableText.problem("x\uDE00")).isEqualTo("an unpaired surrogate (U+DE00) at character 2");
        assertThat(StorableText.problem("x\uD83D")).isEqualTo("an unpaired surrogate (U+D83D) at character 2");
        assertThatThrownBy(() -> StorableText.require("job", "a\u0000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job holds a NUL character (U+0000) at character 2, which no store can keep");
    }

    @Test
    void aCapNeverSplitsAPair() {
        String s = "ab\uD83D\uDE00cd";
        assertThat(StorableText.cap(s, 3)).isEqualTo("ab");
        assertThat(StorableText.cap(s, 4)).isEqualTo("ab\uD83D\uDE00");
        assertThat(StorableText.start(s, 3)).isEqualTo(4);
        assertThat(StorableText.end(s, 3)).isEqualTo(2);
        // Failure caps its texts the same way, so a long message never ends in half a character
        String message = "x".repeat(Failure.MAX_MESSAGE - 1) + "\uD83D\uDE00";
        assertThat(StorableText.problem(new Failure(null, message, null).message()))
                .isNull();
    }
}
