package org.slimlab.model.modules;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Concatenates its inputs along the channel axis. */
public final class Concat extends YoloModule {

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.size() == 1 ? inputs.get(0) : NDArrays.concat(inputs, 1));
    }

    @Override
    public Shape[] trace(Trace t, Shape... in) {
        for (Shape s : in) {
            require(s.get(0) == in[0].get(0) && s.get(2) == in[0].get(2) && s.get(3) == in[0].get(3),
                    "shape mismatch: cannot concatenate " + describe(in));
        }
        return new Shape[] {t.concat(in)};
    }

    private static String describe(Shape[] in) {
        StringBuilder sb = new StringBuilder();
        for (Shape s : in) {
            sb.append(sb.length() == 0 ? "" : " and ").append(s);
        }
        return sb.toString();
    }
}
