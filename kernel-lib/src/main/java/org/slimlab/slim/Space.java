package org.slimlab.slim;

/**
 * One tensor met by the channel walk: for each of its channels, the id of the coupled channel it
 * carries (ids of a {@link UnionFind}; several positions may carry the same id, e.g. the four
 * copies SPPF stacks).
 */
final class Space {
    final int[] ids;

    Space(int[] ids) {
        this.ids = ids;
    }

    int size() {
        return ids.length;
    }
}
