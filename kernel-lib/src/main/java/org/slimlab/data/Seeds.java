package org.slimlab.data;

import java.util.SplittableRandom;

/** Derives independent random streams from tuples such as (seed, epoch, index), so results never depend on threads. */
final class Seeds {
    private Seeds() {
    }

    /** A well-mixed 64-bit value from the parts, order-sensitive. */
    static long mix(long... parts) {
        long h = 0x243F6A8885A308D3L;
        for (long p : parts) {
            h = splitMix(h ^ splitMix(p));
        }
        return h;
    }

    /** A random stream for the given parts. */
    static SplittableRandom rng(long... parts) {
        return new SplittableRandom(mix(parts));
    }

    private static long splitMix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
