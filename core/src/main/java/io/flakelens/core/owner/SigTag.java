package io.flakelens.core.owner;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes convention: an e2e test names its owning special interest group in its name,
 * {@code [sig-storage] CSI Volumes should ...}. The first tag wins, as in Kubernetes' own tooling.
 */
final class SigTag {
    // SIG names are lower-case words joined by hyphens (sig-api-machinery, sig-cli).
    private static final Pattern TAG = Pattern.compile("\\[(sig-[a-z0-9][a-z0-9-]*)]");

    private SigTag() {}

    static Optional<String> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = TAG.matcher(name);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
