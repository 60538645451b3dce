package io.flakelens.app.owner;

import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.owner.Owner;
import io.flakelens.core.owner.Owners;
import io.flakelens.core.owner.Subject;
import io.flakelens.store.Database;
import io.flakelens.store.detect.FlakeFilter;
import io.flakelens.store.detect.FlakeQueries;
import io.flakelens.store.query.TestPlaceQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ranked flake list with owners: what {@code flakes}, {@code /api/v1/flakes} and the dashboard
 * show. An owner filter applies before the limit, so {@code --owner x --limit 10} is x's ten worst.
 */
public final class OwnedFlakes {
    private OwnedFlakes() {}

    /** Lists, resolves owners, keeps {@code owner}'s flakes when it is set, then applies the filter's limit. */
    public static List<OwnedFlake> list(Database db, Owners owners, FlakeFilter f, boolean byGroup, String owner) {
        FlakeFilter unlimited = owner == null ? f : new FlakeFilter(f.since(), f.job(), f.builder(), 0);
        List<FlakyTest> flakes = new FlakeQueries(db, FlakeScore.findit()).flakes(unlimited, byGroup);
        Map<String, TestPlaceQuery.Place> places =
                flakes.isEmpty() ? Map.of() : new TestPlaceQuery(db).places(f.since(), f.job(), f.builder(), byGroup);
        List<OwnedFlake> out = new ArrayList<>();
        for (FlakyTest t : flakes) {
            TestPlaceQuery.Place p =
                    places.getOrDefault(byGroup ? t.group() : t.id().id(), new TestPlaceQuery.Place(null, f.job()));
            Owner o = owners.of(new Subject(p.job(), t.id().suite(), t.id().name(), p.file()));
            if (owner == null || ownedBy(o, owner)) {
                out.add(new OwnedFlake(t, o, p.job(), p.file()));
            }
        }
        int limit = f.limit();
        return limit > 0 && out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /**
     * True when {@code wanted} names this owner: the whole name, or one of the owners a CODEOWNERS
     * line lists ({@code @acme/db} selects "@acme/db @alice"), ignoring case as GitHub does.
     */
    public static boolean ownedBy(Owner o, String wanted) {
        String w = wanted.strip().toLowerCase(Locale.ROOT);
        String n = o.name().toLowerCase(Locale.ROOT);
        return n.equals(w) || Arrays.asList(n.split("\\s+")).contains(w);
    }

    /** Per owner, most harmful owner first (summed score, then name). */
    public static List<OwnerTotal> byOwner(List<OwnedFlake> flakes) {
        Map<String, List<OwnedFlake>> per = new LinkedHashMap<>();
        for (OwnedFlake f : flakes) {
            per.computeIfAbsent(f.owner().name(), k -> new ArrayList<>()).add(f);
        }
        List<OwnerTotal> out = new ArrayList<>();
        per.forEach((owner, list) -> out.add(new OwnerTotal(
                owner,
                list.size(),
                list.stream().mapToLong(x -> x.flake().occurrences()).sum(),
                list.stream().mapToLong(x -> x.flake().changes()).sum(),
                list.stream().mapToLong(x -> x.flake().score()).sum(),
                list.stream().map(x -> x.flake().id().id()).toList())));
        out.sort(Comparator.comparingLong(OwnerTotal::score).reversed().thenComparing(OwnerTotal::owner));
        return out;
    }
}
