package io.flakelens.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded byte-level mutations for the fuzz tests: bit flips, cuts, splices of the format's own
 * tokens, repeats, cross-overs with other seeds, random bytes and deletions, one to four at a time.
 */
public final class Mutator {
    private final byte[][] injections;

    /** @param injections the format's own syntax and known troublemakers, spliced in at random places */
    public Mutator(String... injections) {
        this.injections = Arrays.stream(injections)
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
    }

    public byte[] mutate(byte[] seed, List<byte[]> all, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int rounds = 1 + rnd.nextInt(4);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b = Arrays.copyOf(b, at);
                case 2 -> b = splice(b, at, injections[rnd.nextInt(injections.length)]);
                case 3 -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(200));
                    b = splice(b, at, Arrays.copyOfRange(b, at, at + len));
                }
                case 4 -> {
                    byte[] other = all.get(rnd.nextInt(all.size()));
                    int from = rnd.nextInt(Math.max(1, other.length));
                    b = splice(Arrays.copyOf(b, at), at, Arrays.copyOfRange(other, from, other.length));
                }
                case 5 -> b[at] = (byte) rnd.nextInt(256);
                default -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(50));
                    byte[] cut = new byte[b.length - len];
                    System.arraycopy(b, 0, cut, 0, at);
                    System.arraycopy(b, at + len, cut, at, b.length - at - len);
                    b = cut;
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] ins) {
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }
}
