package io.flakelens.core.testgrid;

/**
 * Where a grid was read from, as far as it is known: a saved classic table names neither its
 * dashboard nor its tab, a dashboard read names both.
 *
 * @param label what errors and results call it: a file, a URL or {@code dashboard/tab}
 */
public record TabRef(String label, String dashboard, String tab) {
    public static TabRef of(String label) {
        return new TabRef(label, null, null);
    }
}
