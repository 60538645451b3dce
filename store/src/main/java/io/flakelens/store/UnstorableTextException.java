package io.flakelens.store;

/**
 * Text that no store can keep exactly (a NUL, half a surrogate pair) was offered: the report or
 * run that carries it is refused whole, with the field named, rather than stored altered.
 */
public final class UnstorableTextException extends StoreException {
    public UnstorableTextException(String message) {
        super(message);
    }
}
