package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * PyTorch's {@code nn.Sequential}, children named 0, 1, 2 ... Also stands for {@code nn.ModuleList}:
 * a parent may hold one and call its items itself.
 */
public final class Sequential extends UnaryModule {
    private final List<Block> items;

    /** A container of {@code items}, named 0, 1, 2 ... */
    public Sequential(List<? extends Block> items) {
        this.items = List.copyOf(items);
        for (int i = 0; i < this.items.size(); i++) {
            child(String.valueOf(i), this.items.get(i));
        }
    }

    /** Number of items. */
    public int size() {
        return items.size();
    }

    /** Item {@code i}. */
    public Block get(int i) {
        return items.get(i);
    }

    /** All items in order. */
    public List<Block> items() {
        return items;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = x;
        for (Block b : items) {
            y = call(b, ps, y, training);
        }
        return y;
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape y = in;
        for (Block b : items) {
            y = t.apply(b, y);
        }
        return y;
    }
}
