package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * MobileNetV3 inverted residual (torchvision layout): 1×1 {@code expand} (skipped when the hidden
 * width equals the input), k×k depthwise {@code dw}, optional {@code se}, linear 1×1 {@code project};
 * the input is added back at stride 1 when input and output widths agree.
 */
public final class MobileNetV3Block extends UnaryModule {
    private final Conv expand;
    private final Conv dw;
    private final SqueezeExcite se;
    private final Conv project;
    private final boolean residual;

    /**
     * @param inp input channels
     * @param oup output channels
     * @param hidden expanded width
     * @param k depthwise kernel
     * @param s depthwise stride
     * @param useSe with squeeze-excitation
     * @param useHs hard-swish activation (else ReLU)
     * @param squeeze squeeze-excitation width (ignored without SE)
     */
    public MobileNetV3Block(int inp, int oup, int hidden, int k, int s, boolean useSe, boolean useHs, int squeeze) {
        Act act = Act.of(useHs ? Act.Kind.HARDSWISH : Act.Kind.RELU);
        expand = hidden == inp ? null : child("expand", new Conv(inp, hidden, 1, 1, act));
        dw = child("dw", new Conv(hidden, hidden, k, s, k / 2, hidden, 1, act));
        se = useSe ? child("se", new SqueezeExcite(hidden, squeeze)) : null;
        project = child("project", new Conv(hidden, oup, 1, 1, Act.identity()));
        residual = s == 1 && inp == oup;
    }

    /** True when the input is added to the output. */
    public boolean residual() {
        return residual;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = expand == null ? x : call(expand, ps, x, training);
        y = call(dw, ps, y, training);
        if (se != null) {
            y = call(se, ps, y, training);
        }
        y = call(project, ps, y, training);
        return residual ? y.add(x) : y;
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape y = expand == null ? in : t.apply(expand, in);
        y = t.apply(dw, y);
        if (se != null) {
            y = t.apply(se, y);
        }
        y = t.apply(project, y);
        return residual ? t.add(y, in) : y;
    }
}
