package io.flakelens.store;

/**
 * An ingest that met another writer of the same run at commit (the same report stored meanwhile, or
 * a deadlock PostgreSQL broke): nothing of it was stored, and ingesting it again sees what the other
 * one stored (an identical report is then skipped).
 */
public final class ConcurrentIngestException extends StoreException {
    public ConcurrentIngestException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConcurrentIngestException(String message) {
        super(message);
    }
}
