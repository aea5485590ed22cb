package org.slimlab.eval;

/**
 * A binary min-heap built in place over a prefix of a {@code long[]}: heapify in linear time, then take the
 * smallest keys one by one. NMS takes only as many candidates as it needs, which is usually far fewer than
 * a full sort would order.
 */
final class KeyHeap {
    private final long[] a;
    private int size;

    /** Heapifies {@code a[0, size)} in place. */
    KeyHeap(long[] a, int size) {
        this.a = a;
        this.size = size;
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Removes and returns the smallest key. */
    long poll() {
        long top = a[0];
        a[0] = a[--size];
        siftDown(0);
        return top;
    }

    private void siftDown(int i) {
        long v = a[i];
        int half = size / 2;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && a[right] < a[child]) {
                child = right;
            }
            if (v <= a[child]) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        a[i] = v;
    }
}
