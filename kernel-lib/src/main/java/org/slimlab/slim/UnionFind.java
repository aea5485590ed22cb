package org.slimlab.slim;

import java.util.Arrays;

/** Disjoint sets over channel ids 0, 1, 2 ... that grow on demand. */
final class UnionFind {
    private int[] parent = new int[256];
    private int size;

    /** A new singleton set; returns its id. */
    int add() {
        if (size == parent.length) {
            parent = Arrays.copyOf(parent, 2 * size);
        }
        parent[size] = size;
        return size++;
    }

    /** Number of ids handed out. */
    int size() {
        return size;
    }

    /** The representative of {@code x}'s set. */
    int find(int x) {
        int r = x;
        while (parent[r] != r) {
            r = parent[r];
        }
        while (parent[x] != r) {
            int next = parent[x];
            parent[x] = r;
            x = next;
        }
        return r;
    }

    /** Merges the sets of {@code a} and {@code b}; the smaller representative wins, so results do not depend on call order. */
    void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
