package io.flakelens.app.s3;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An {@code s3://bucket/key} name: one object, or with a key ending in {@code /} (or none) every
 * object under that prefix.
 */
public record S3Location(String bucket, String key) {
    public static final String SCHEME = "s3://";

    public S3Location {
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("not an s3://bucket/key name: bucket \"" + bucket + "\"");
        }
    }

    /** Whether the text names an object store location rather than a local path. */
    public static boolean names(String text) {
        return text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    public static S3Location parse(String url) {
        if (!names(url)) {
            throw new IllegalArgumentException(url + ": not an s3:// name");
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException(url + ": no bucket (expected s3://bucket/key)");
        }
        return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /** Names a prefix (a "folder"): the whole bucket, or a key ending in {@code /}. */
    public boolean isPrefix() {
        return key.isEmpty() || key.endsWith("/");
    }

    /** This key as a prefix: what a folder of that name would hold. */
    public S3Location asPrefix() {
        return isPrefix() ? this : new S3Location(bucket, key + "/");
    }

    /** Another object of this bucket. */
    public S3Location withKey(String other) {
        return new S3Location(bucket, other);
    }

    /**
     * A path named relative to this object, as a manifest names its reports: resolved against the
     * object's "folder", with {@code .} and {@code ..} segments applied; a leading {@code /} starts
     * from the bucket's root.
     */
    public S3Location resolveSibling(String relative) {
        String base = relative.startsWith("/") ? "" : key.substring(0, key.lastIndexOf('/') + 1);
        Deque<String> parts = new ArrayDeque<>();
        for (String part : (base + relative).split("/", -1)) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException(relative + ": goes above the bucket's root of " + this);
                }
                parts.removeLast();
            } else if (!part.equals(".") && !part.isEmpty()) {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        return new S3Location(bucket, relative.endsWith("/") && !joined.isEmpty() ? joined + "/" : joined);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
