package io.flakelens.app.serve;

import io.flakelens.app.contract.Window;
import io.javalin.http.Context;
import java.time.Instant;

/** The filter bar's values as the user gave them, checked the way the API checks them. */
public record PageFilters(String since, String job, String builder, Instant sinceInstant) {
    static PageFilters read(Context ctx) {
        String since = Params.blankToNull(ctx.queryParam("since"));
        Instant at = Params.since(ctx, Window.DEFAULT);
        return new PageFilters(
                since == null ? Window.DEFAULT : since.strip(),
                Params.text(ctx, "job"),
                Params.text(ctx, "builder"),
                at);
    }

    /** "?since=..&job=..&builder=.." for links to the same view elsewhere. */
    public String query(boolean withJob, boolean withBuilder) {
        StringBuilder b = new StringBuilder("?since=").append(Fmt.enc(since));
        if (withJob && job != null) {
            b.append("&job=").append(Fmt.enc(job));
        }
        if (withBuilder && builder != null) {
            b.append("&builder=").append(Fmt.enc(builder));
        }
        return b.toString();
    }

    public boolean is(String field, String value) {
        String v = field.equals("job") ? job : field.equals("builder") ? builder : since;
        return value.equals(v);
    }
}
