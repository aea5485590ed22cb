package org.slimlab.eval;

/**
 * Packs a float and an index into one {@code long} whose ascending order is the float descending, then the
 * index ascending: a stable descending sort of primitives without boxing.
 */
final class SortKeys {
    private SortKeys() {
    }

    /** The key of {@code value} at position {@code index} (0 to 2^31 - 1). */
    static long descending(float value, int index) {
        int bits = Float.floatToIntBits(value);
        int ascending = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ascending << 32) | (index & 0xffffffffL);
    }

    /** The index packed into {@code key}. */
    static int index(long key) {
        return (int) key;
    }
}
