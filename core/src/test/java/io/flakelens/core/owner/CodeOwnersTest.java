package io.flakelens.core.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Precedence and syntax against the example CODEOWNERS file of GitHub's documentation
 * (docs.github.com, "About code owners", "Example of a CODEOWNERS file"), line for line, with the
 * owners each comment there promises.
 */
class CodeOwnersTest {
    // GitHub's documented example, comments shortened; the inline comment on *.js is theirs.
    static final String GITHUB_EXAMPLE = """
            # This is a comment.
            # Each line is a file pattern followed by one or more owners.
            *       @global-owner1 @global-owner2
            *.js    @js-owner #This is an inline comment.
            *.go docs@example.com
            *.txt @octo-org/octocats
            /build/logs/ @doctocat
            docs/*  docs@example.com
            apps/ @octocat
            /docs/ @doctocat
            /scripts/ @doctocat @octocat
            **/logs @octocat
            /apps/ @octocat
            /apps/github
            """;

    private static final CodeOwners EXAMPLE = CodeOwners.parse(GITHUB_EXAMPLE);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // "*" owns everything no later line claims
                "README.md | @global-owner1 @global-owner2",
                "src/main/Foo.java | @global-owner1 @global-owner2",
                // last match wins: a JS file anywhere is @js-owner's, not the global owners'
                "web/app.js | @js-owner",
                "main.go | docs@example.com",
                "notes/todo.txt | @octo-org/octocats",
                // /build/logs/ at the root and below... but **/logs comes later and wins there
                "build/logs/today.log | @octocat",
                // /docs/ comes after docs/* and wins for files directly in docs and nested ones
                "docs/getting-started.md | @doctocat",
                "docs/build-app/troubleshooting.md | @doctocat",
                // apps/ anywhere...
                "web/apps/index.html | @octocat",
                // /scripts/ at the root only
                "scripts/deploy.sh | @doctocat @octocat",
                "tools/scripts/deploy.sh | @global-owner1 @global-owner2",
                // **/logs: a logs directory at any depth
                "deeply/nested/logs/x.log | @octocat",
                "scripts/logs/run.log | @octocat",
                // a .js file in /scripts: the later /scripts/ line beats *.js
                "scripts/build.js | @doctocat @octocat",
                // /apps/ at the root
                "apps/api/server.py | @octocat",
            })
    void the_last_matching_line_of_githubs_example_wins(String path, String owners) {
        assertThat(EXAMPLE.owners(path)).contains(List.of(owners.split(" ")));
    }

    @Test
    void a_matching_line_without_owners_leaves_the_path_unowned() {
        // "/apps/github" with no owner: changes there need no code owner's approval
        assertThat(EXAMPLE.owners("apps/github/hook.rb")).contains(List.of());
        assertThat(EXAMPLE.owners("apps/github")).contains(List.of());
    }

    @Test
    void docs_star_owns_files_directly_in_docs_but_not_nested_ones() {
        CodeOwners co = CodeOwners.parse("""
                * @global
                docs/*  docs@example.com
                """);
        assertThat(co.owners("docs/getting-started.md")).contains(List.of("docs@example.com"));
        assertThat(co.owners("docs/build-app/troubleshooting.md")).contains(List.of("@global"));
    }

    @Test
    void build_logs_is_anchored_at_the_root_and_owns_its_subdirectories() {
        CodeOwners co = CodeOwners.parse("/build/logs/ @doctocat\n");
        assertThat(co.owners("build/logs/a/b/c.log")).contains(List.of("@doctocat"));
        assertThat(co.owners("src/build/logs/x.log")).isEmpty();
        // the directory itself is not a file inside it
        assertThat(co.owners("build/logs")).isEmpty();
    }

    @Test
    void the_later_of_two_lines_for_the_same_directory_wins() {
        CodeOwners co = CodeOwners.parse("""
                /apps/ @octocat
                /apps/github @doctocat
                """);
        assertThat(co.owners("apps/github/x.rb")).contains(List.of("@doctocat"));
        assertThat(co.owners("apps/web/x.rb")).contains(List.of("@octocat"));
        // order matters: reversed, the broader line wins everywhere
        CodeOwners reversed = CodeOwners.parse("""
                /apps/github @doctocat
                /apps/ @octocat
                """);
        assertThat(reversed.owners("apps/github/x.rb")).contains(List.of("@octocat"));
    }

    @Test
    void no_matching_line_means_no_answer_at_all() {
        CodeOwners co = CodeOwners.parse("*.js @js-owner\n");
        assertThat(co.owners("src/Main.java")).isEqualTo(Optional.empty());
        assertThat(CodeOwners.EMPTY.owners("anything")).isEmpty();
    }

    @Test
    void star_does_not_cross_directories_but_double_star_does() {
        CodeOwners co = CodeOwners.parse("""
                /src/*.java @flat
                /lib/**/*.java @deep
                """);
        assertThat(co.owners("src/A.java")).contains(List.of("@flat"));
        assertThat(co.owners("src/x/A.java")).isEmpty();
        assertThat(co.owners("lib/A.java")).contains(List.of("@deep"));
        assertThat(co.owners("lib/x/y/A.java")).contains(List.of("@deep"));
    }

    @Test
    void escaped_hash_is_part_of_the_pattern_and_negation_lines_are_skipped() {
        CodeOwners co = CodeOwners.parse("""
                \\#notes @hash
                !*.md @nobody
                """);
        assertThat(co.owners("#notes")).contains(List.of("@hash"));
        assertThat(co.size()).isEqualTo(1);
    }

    @Test
    void an_absolute_path_from_a_report_finds_the_line_for_its_repository_tail() {
        CodeOwners co = CodeOwners.parse("""
                * @global
                /pkg/storage/ @sig-storage
                """);
        assertThat(co.owners("/home/runner/work/k8s/k8s/pkg/storage/csi_test.go"))
                .contains(List.of("@sig-storage"));
        assertThat(co.owners("./pkg/storage/csi_test.go")).contains(List.of("@sig-storage"));
        assertThat(co.owners("C:\\ci\\repo\\pkg\\storage\\x_test.go")).contains(List.of("@sig-storage"));
    }
}
