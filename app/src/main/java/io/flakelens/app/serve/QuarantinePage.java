package io.flakelens.app.serve;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.flakelens.app.contract.Window;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** {@code /quarantine}: the muted tests and the suggestions on one page, over {@link QuarantineApi}'s view. */
final class QuarantinePage {
    private final QuarantineApi api;
    private final TemplateEngine jte = TemplateEngine.createPrecompiled(ContentType.Html);

    QuarantinePage(QuarantineApi api) {
        this.api = api;
    }

    void show(Context ctx) {
        QuarantineApi.View v = api.view(ctx);
        String since = Params.text(ctx, "since");
        Map<String, Object> m = new HashMap<>();
        m.put("scans", v.scans());
        m.put("rows", v.rows());
        m.put("suggestions", v.suggestions());
        m.put("since", since == null ? Window.DEFAULT : since.strip());
        String minRuns = Params.text(ctx, "min_runs");
        m.put(
                "api",
                "/api/v1/quarantine?since=" + Fmt.enc(since == null ? Window.DEFAULT : since.strip())
                        + (minRuns == null ? "" : "&min_runs=" + Fmt.enc(minRuns.strip())));
        StringOutput out = new StringOutput();
        jte.render("quarantine.jte", m, out);
        ctx.html(out.toString());
    }
}
