package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv7's {@code IDetect}: {@link AnchorDetect} with an implicit shift before each output
 * convolution ({@code ia.i}) and an implicit scale after it ({@code im.i}); both are parameters.
 */
public final class IDetect extends AnchorDetect {
    private final Sequential ia;
    private final Sequential im;

    /** An implicit head over {@code ch} input channels, anchors in pixels per level. */
    public IDetect(int nc, float[][] anchors, int[] ch) {
        super(nc, anchors, ch);
        List<Block> adds = new ArrayList<>();
        List<Block> muls = new ArrayList<>();
        for (int c : ch) {
            adds.add(Implicit.add(c));
            muls.add(Implicit.multiply(na() * (nc + 5)));
        }
        ia = child("ia", new Sequential(adds));
        im = child("im", new Sequential(muls));
    }

    @Override
    protected NDArray beforeConv(int i, ParameterStore ps, NDArray x, boolean training) {
        return call(ia.get(i), ps, x, training);
    }

    @Override
    protected NDArray afterConv(int i, ParameterStore ps, NDArray y, boolean training) {
        return call(im.get(i), ps, y, training);
    }

    @Override
    protected void traceHooks(int i, Trace t, Shape in, Shape out) {
        t.apply(ia.get(i), in);
        t.apply(im.get(i), out);
    }
}
