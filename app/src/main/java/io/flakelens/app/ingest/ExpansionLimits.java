package io.flakelens.app.ingest;

/**
 * How far compressed inputs (.gz files, .zip entries) may expand, per upload: the reports of one
 * run, or one line of a manifest. A small archive of well-formed XML can hold gigabytes; past either
 * limit the ingest stops, refused whole, and says which limit and how to raise it.
 *
 * @param maxBytes most bytes all compressed inputs of one upload may expand to together
 * @param maxRatio most times its compressed size one input may expand to (checked past {@link #RATIO_FLOOR})
 */
public record ExpansionLimits(long maxBytes, long maxRatio) {
    /** The default of {@code --max-expanded-mb}. */
    public static final long DEFAULT_MAX_MB = 1024;
    /**
     * The default of {@code --max-expansion-ratio}. Test reports compress 5 to 25 times with gzip; a
     * zip bomb of XML reaches 1,000.
     */
    public static final long DEFAULT_MAX_RATIO = 100;
    /** Below this, any ratio is fine: a small file's ratio says nothing. */
    static final long RATIO_FLOOR = 1L << 20;

    public ExpansionLimits {
        if (maxBytes <= 0 || maxRatio <= 0) {
            throw new IllegalArgumentException("expansion limits must be 1 or more");
        }
    }

    public static ExpansionLimits defaults() {
        return ofMegabytes(DEFAULT_MAX_MB, DEFAULT_MAX_RATIO);
    }

    public static ExpansionLimits ofMegabytes(long maxMb, long maxRatio) {
        return new ExpansionLimits(Math.multiplyExact(maxMb, 1024L * 1024), maxRatio);
    }

    long maxMegabytes() {
        return maxBytes / (1024 * 1024);
    }
}
