package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * YOLOv7's implicit knowledge: a learned (1, C, 1, 1) vector added to ({@code ImplicitA}, drawn
 * from N(0, 0.02)) or multiplied with ({@code ImplicitM}, drawn from N(1, 0.02)) its input.
 */
public final class Implicit extends UnaryModule {
    private static final float STD = 0.02f;
    private final boolean multiply;
    private final Parameter implicit;

    private Implicit(int channels, boolean multiply) {
        this.multiply = multiply;
        float mean = multiply ? 1f : 0f;
        implicit = addParameter(Parameter.builder().setName("implicit").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, channels, 1, 1))
                .optInitializer((manager, shape, dataType) -> manager.randomNormal(mean, STD, shape, dataType))
                .build());
    }

    /** YOLOv7's {@code ImplicitA}: adds. */
    public static Implicit add(int channels) {
        return new Implicit(channels, false);
    }

    /** YOLOv7's {@code ImplicitM}: multiplies. */
    public static Implicit multiply(int channels) {
        return new Implicit(channels, true);
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray v = ps.getValue(implicit, x.getDevice(), training);
        return multiply ? x.mul(v) : x.add(v);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        require(in.get(1) == implicit.getShape().get(1),
                "channel mismatch: implicit vector of " + implicit.getShape().get(1) + " for " + in.get(1) + " channels");
        return in;
    }
}
