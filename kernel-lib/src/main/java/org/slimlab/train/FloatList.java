package org.slimlab.train;

import java.util.Arrays;

/** A growable list of primitive floats. */
final class FloatList {
    private float[] data = new float[16];
    private int size;

    FloatList add(float v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, 2 * size);
        }
        data[size++] = v;
        return this;
    }

    int size() {
        return size;
    }

    float[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
