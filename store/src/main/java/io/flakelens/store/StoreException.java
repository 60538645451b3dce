package io.flakelens.store;

/** A store failure said in words a user can act on (locked file, unreachable server, old schema). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
