package io.flakelens.store.changepoint;

/**
 * The order of commits as a repository knows it (first parents of a branch), when the caller has
 * the repository: better than the order in which revisions first ran, which a late merge or a
 * rerun of an old revision can scramble.
 */
public interface CommitOrder {
    /** The revision's position, oldest first; -1 when the repository does not know it. */
    int position(String revision);
}
