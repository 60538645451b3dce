package io.flakelens.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens are random, verified by hash, listed without secrets, and never stored in clear. */
class ApiTokensTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aCreatedTokenVerifiesAndOnlyItsHashIsStored(String store) throws Exception {
        try (Database db = TestStores.open(store, dir)) {
            ApiTokens tokens = new ApiTokens(db);
            String a = tokens.create("ci-bot");
            String b = tokens.create("nightly");
            assertThat(a).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b);
            assertThat(tokens.verify(a)).isEqualTo("ci-bot");
            assertThat(tokens.verify(b)).isEqualTo("nightly");
            assertThat(tokens.verify(a + "x")).isNull();
            assertThat(tokens.verify("")).isNull();
            assertThat(tokens.list()).extracting(ApiTokens.Token::name).containsExactly("ci-bot", "nightly");
            try (Statement s = db.connection().createStatement();
                    ResultSet rs = s.executeQuery("select sha256 from api_token")) {
                while (rs.next()) {
                    assertThat(rs.getString(1)).hasSize(64).isNotIn(a, b);
                }
            }
            assertThatThrownBy(() -> tokens.create("ci-bot")).hasMessageContaining("already exists");
        }
    }
}
