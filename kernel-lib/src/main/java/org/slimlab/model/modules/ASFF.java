package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adaptive spatial feature fusion at one pyramid level, the fusion step of AFPN (Asymptotic Feature
 * Pyramid Network). The inputs are consecutive pyramid levels, finest first. Each is brought to the
 * resolution and width of input {@code level}: a finer one through stride-2 3×3 Convs, a coarser
 * one through a 1×1 Conv and nearest upsampling ({@code stride_level_j}); input {@code level} is
 * taken as it is. A 1×1 Conv per input compresses it to a few channels ({@code weight_level_j}),
 * a 1×1 convolution with bias turns their concatenation into one logit per input
 * ({@code weight_levels}), a softmax over the inputs gives per-pixel weights, and the weighted sum
 * goes through a 3×3 Conv ({@code conv}).
 */
public final class ASFF extends YoloModule {
    private final int[] c1s;
    private final int level;
    private final Block[] resize;
    private final Conv[] weightLevel;
    private final Conv2d weightLevels;
    private final Conv conv;

    /**
     * @param c1s input channels, finest level first
     * @param level the input whose resolution and width the fusion takes
     * @param c2 output channels of the 3×3 Conv after the fusion
     * @param weightWidths per input, the output channels of its compressing 1×1 Conv
     * @param downWidths per input finer than {@code level}, the widths between its stride-2 Convs
     *     ({@code level - j - 1} of them; empty for the others)
     * @param act activation of every Conv
     */
    public ASFF(int[] c1s, int level, int c2, int[] weightWidths, int[][] downWidths, Act act) {
        int n = c1s.length;
        require(n >= 2 && level >= 0 && level < n, "ASFF fuses two or more inputs at one of them, got level " + level
                + " of " + n);
        this.c1s = c1s.clone();
        this.level = level;
        int c = c1s[level];
        resize = new Block[n];
        for (int j = 0; j < n; j++) {
            if (j < level) {
                resize[j] = child("stride_level_" + j, down(c1s[j], downWidths[j], c, act));
            } else if (j > level) {
                resize[j] = child("stride_level_" + j, new Sequential(List.of(new Conv(c1s[j], c, 1, 1, act),
                        new Upsample(1 << (j - level)))));
            }
        }
        weightLevel = new Conv[n];
        int compressed = 0;
        for (int j = 0; j < n; j++) {
            weightLevel[j] = child("weight_level_" + j, new Conv(c, weightWidths[j], 1, 1, act));
            compressed += weightWidths[j];
        }
        weightLevels = child("weight_levels", Layers.conv2d(compressed, n, 1, 1, 0, 1, 1, true));
        conv = child("conv", new Conv(c, c2, 3, 1, act));
    }

    /** Stride-2 3×3 Convs from {@code c1} through {@code mids} to {@code c}. */
    private static Sequential down(int c1, int[] mids, int c, Act act) {
        List<Block> steps = new ArrayList<>();
        int in = c1;
        for (int w : mids) {
            steps.add(new Conv(in, w, 3, 2, act));
            in = w;
        }
        steps.add(new Conv(in, c, 3, 2, act));
        return new Sequential(steps);
    }

    /** The input whose resolution and width the fusion takes. */
    public int level() {
        return level;
    }

    /** Number of fused inputs. */
    public int inputs() {
        return c1s.length;
    }

    /** The path that brings input {@code j} to the fusion level (null for the level itself). */
    public Block resize(int j) {
        return resize[j];
    }

    /** The 1×1 Conv that compresses input {@code j} for the weights. */
    public Conv weightLevel(int j) {
        return weightLevel[j];
    }

    /** The 1×1 convolution (with bias) from the compressed inputs to one logit per input. */
    public Conv2d weightLevels() {
        return weightLevels;
    }

    /** The 3×3 Conv after the weighted sum. */
    public Conv conv() {
        return conv;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        int n = c1s.length;
        NDArray[] x = new NDArray[n];
        NDList compressed = new NDList(n);
        for (int j = 0; j < n; j++) {
            x[j] = j == level ? inputs.get(j) : call(resize[j], ps, inputs.get(j), training);
            compressed.add(call(weightLevel[j], ps, x[j], training));
        }
        NDArray w = call(weightLevels, ps, NDArrays.concat(compressed, 1), training).softmax(1);
        NDArray fused = x[0].mul(w.get(":, 0:1"));
        for (int j = 1; j < n; j++) {
            fused = fused.add(x[j].mul(w.get(":, {}:{}", j, j + 1)));
        }
        return new NDList(call(conv, ps, fused, training));
    }

    @Override
    public Shape[] trace(Trace t, Shape... in) {
        int n = c1s.length;
        require(in.length == n, "ASFF fuses " + n + " inputs, gets " + in.length);
        Shape target = in[level];
        Shape[] x = new Shape[n];
        Shape[] compressed = new Shape[n];
        for (int j = 0; j < n; j++) {
            require(in[j].get(1) == c1s[j], "channel mismatch: ASFF input " + j + " should have " + c1s[j]
                    + " channels, has " + in[j].get(1));
            x[j] = j == level ? in[j] : t.apply(resize[j], in[j]);
            require(x[j].get(2) == target.get(2) && x[j].get(3) == target.get(3), "shape mismatch: ASFF input " + j + " "
                    + in[j] + " resizes to " + x[j] + ", not to the size of input " + level + " " + target
                    + " (inputs must be consecutive pyramid levels, finest first)");
            compressed[j] = t.apply(weightLevel[j], x[j]);
        }
        long[] ones = new long[n];
        Arrays.fill(ones, 1);
        Shape[] maps = t.split(t.apply(weightLevels, t.concat(compressed)), ones);
        Shape fused = t.weigh(x[0], maps[0]);
        for (int j = 1; j < n; j++) {
            fused = t.add(fused, t.weigh(x[j], maps[j]));
        }
        return new Shape[] {t.apply(conv, fused)};
    }
}
