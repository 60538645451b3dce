package io.flakelens.core.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OwnersTest {
    private final CodeOwners codeOwners = CodeOwners.parse("""
            * @acme/everyone
            /pkg/storage/ @acme/storage
            /pkg/free/
            """);
    private final Owners owners = new Owners(
            List.of(
                    new OwnerRule(Pattern.compile("e2e-.*"), null, Pattern.compile(".*Volume.*"), null, "team-volumes"),
                    new OwnerRule(null, Pattern.compile("com\\.acme\\.billing\\..*"), null, null, "team-billing")),
            codeOwners,
            Map.of("e2e-gce", "sig-testing", "unit", "team-core"));

    @Test
    void a_config_rule_comes_first_and_needs_every_field_it_names() {
        assertThat(owners.of(new Subject("e2e-gce", "", "[sig-node] Volume mounts", "pkg/storage/v_test.go")))
                .isEqualTo(new Owner("team-volumes", Owner.Source.RULE));
        // same name on another job: the rule's job regex fails, CODEOWNERS answers
        assertThat(owners.of(new Subject("unit", "", "[sig-node] Volume mounts", "pkg/storage/v_test.go")))
                .isEqualTo(new Owner("@acme/storage", Owner.Source.CODEOWNERS));
        // rules match whole fields: "billing" inside a longer suite name does not start with com.acme.billing.
        assertThat(owners.of(new Subject("unit", "org.com.acme.billing.X", "t", null))
                        .source())
                .isEqualTo(Owner.Source.JOB);
        assertThat(owners.of(new Subject("unit", "com.acme.billing.InvoiceTest", "t", "pkg/x.java")))
                .isEqualTo(new Owner("team-billing", Owner.Source.RULE));
    }

    @Test
    void codeowners_then_sig_tag_then_job_owner() {
        assertThat(owners.of(new Subject("e2e-gce", "", "[sig-node] Pods should run", "pkg/node/pod_test.go")))
                .isEqualTo(new Owner("@acme/everyone", Owner.Source.CODEOWNERS));
        // no file: CODEOWNERS cannot say; the SIG tag can
        assertThat(owners.of(new Subject("e2e-gce", "", "[sig-node] Pods should run", null)))
                .isEqualTo(new Owner("sig-node", Owner.Source.SIG));
        // an unowned CODEOWNERS line falls through to the next link, too
        assertThat(owners.of(
                        new Subject("e2e-gce", "", "[sig-api-machinery] Watch [Conformance]", "pkg/free/w_test.go")))
                .isEqualTo(new Owner("sig-api-machinery", Owner.Source.SIG));
        assertThat(owners.of(new Subject("e2e-gce", "", "Pods should run", null)))
                .isEqualTo(new Owner("sig-testing", Owner.Source.JOB));
        assertThat(owners.of(new Subject("nightly", "", "Pods should run", null)))
                .isEqualTo(Owner.NONE);
    }

    @Test
    void the_first_sig_tag_of_a_name_wins() {
        assertThat(SigTag.of("[sig-storage] CSI [sig-windows] mounts")).contains("sig-storage");
        assertThat(SigTag.of("[Feature:sig-x] no tag")).isEmpty();
        assertThat(SigTag.of("[sig-] nothing")).isEmpty();
    }

    @Test
    void without_a_config_only_sig_tags_name_owners() {
        assertThat(Owners.none()
                        .of(new Subject("unit", "S", "[sig-cli] kubectl diff", null))
                        .name())
                .isEqualTo("sig-cli");
        assertThat(Owners.none().of(new Subject("unit", "S", "t", "a.go"))).isEqualTo(Owner.NONE);
    }
}
