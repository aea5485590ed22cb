package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    private static final double WD = 0.1;
    private static final double M = 0.9;

    @Test
    void groupsByParameterType() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = TinyNets.convBn();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            TrainableParams p = TrainableParams.of(b);
            List<String> names = new ArrayList<>();
            List<ParamGroup> groups = new ArrayList<>();
            for (TrainableParams.Entry e : p.entries()) {
                names.add(e.name());
                groups.add(e.group());
            }
            // conv weight decays; conv bias and BN beta are biases; BN gamma is a norm weight; running stats excluded
            assertEquals(List.of("01Conv2d_weight", "01Conv2d_bias", "02BatchNorm_gamma", "02BatchNorm_beta"), names);
            assertEquals(List.of(ParamGroup.WEIGHT, ParamGroup.BIAS, ParamGroup.NORM, ParamGroup.BIAS), groups);
            assertEquals(Map.of(ParamGroup.WEIGHT, 1, ParamGroup.BIAS, 2, ParamGroup.NORM, 1), p.counts());
        }
    }

    @Test
    void nesterovSgdMatchesHandComputation() {
        // PyTorch nesterov SGD: g = grad + wd w (decayed group only); b = g, then b = m b + g; w -= lr (g + m b)
        runTwoSteps((params, m) -> new NesterovSgd(params, WD, M, m), (state, in) -> {
            double[] w = in.w.clone();
            double[] buf = new double[w.length];
            for (int step = 0; step < 2; step++) {
                for (int i = 0; i < w.length; i++) {
                    double g = in.grad[i] + in.wd * w[i];
                    buf[i] = step == 0 ? g : M * buf[i] + g;
                    w[i] -= in.lr * (g + M * buf[i]);
                }
            }
            return w;
        });
    }

    @Test
    void adamWMatchesHandComputation() {
        runTwoSteps((params, m) -> new DecoupledAdamW(params, WD, M, m), (state, in) -> {
            double[] w = in.w.clone();
            double[] mo = new double[w.length];
            double[] v = new double[w.length];
            for (int t = 1; t <= 2; t++) {
                for (int i = 0; i < w.length; i++) {
                    w[i] *= 1 - in.lr * in.wd;
                    mo[i] = M * mo[i] + (1 - M) * in.grad[i];
                    v[i] = 0.999 * v[i] + 0.001 * in.grad[i] * in.grad[i];
                    double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                    w[i] -= in.lr / (1 - Math.pow(M, t)) * mo[i] / denom;
                }
            }
            return w;
        });
    }

    @Test
    void stateRoundTripsExactly() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Block b = TinyNets.convBn();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            TrainableParams params = TrainableParams.of(b);
            NesterovSgd a = new NesterovSgd(params, WD, M, m);
            a.setLearningRate(ParamGroup.WEIGHT, 0.01);
            backwardConstant(params, 1f);
            a.step(params);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.save(new DataOutputStream(bytes));
            NesterovSgd c = new NesterovSgd(params, WD, M, m);
            c.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(1, c.steps());
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            c.save(new DataOutputStream(again));
            assertArrayEquals(bytes.toByteArray(), again.toByteArray());
        }
    }

    @Test
    void stepsDoNotLeakArrays() {
        for (int kind = 0; kind < 2; kind++) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block b = TinyNets.convBn();
                b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
                TrainableParams params = TrainableParams.of(b);
                GroupedOptimizer opt = kind == 0 ? new NesterovSgd(params, WD, M, m) : new DecoupledAdamW(params, WD, M, m);
                opt.setLearningRate(ParamGroup.WEIGHT, 0.01);
                int[] counts = new int[4];
                for (int step = 0; step < 4; step++) {
                    try (NDManager s = m.newSubManager()) {
                        for (TrainableParams.Entry e : params.entries()) {
                            s.tempAttachAll(e.parameter().getArray());
                        }
                        backwardConstant(params, 1f);
                    }
                    opt.step(params);
                    counts[step] = m.getManagedArrays().size();
                }
                assertEquals(counts[1], counts[3], opt.getClass().getSimpleName() + " " + java.util.Arrays.toString(counts));
            }
        }
    }

    /** Inputs of the hand computation for one parameter. */
    private record Hand(double[] w, double[] grad, double lr, double wd) {
    }

    private static void runTwoSteps(BiFunction<TrainableParams, NDManager, GroupedOptimizer> make,
            BiFunction<Object, Hand, double[]> hand) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            Block b = TinyNets.convBn();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            TrainableParams params = TrainableParams.of(b);
            GroupedOptimizer opt = make.apply(params, m);
            opt.setLearningRate(ParamGroup.BIAS, 0.1);
            opt.setLearningRate(ParamGroup.WEIGHT, 0.01);
            opt.setLearningRate(ParamGroup.NORM, 0.05);
            List<double[]> before = new ArrayList<>();
            for (TrainableParams.Entry e : params.entries()) {
                before.add(toDouble(e.parameter().getArray().toFloatArray()));
            }
            for (int step = 0; step < 2; step++) {
                backwardConstant(params, 0.5f);
                opt.step(params);
                for (TrainableParams.Entry e : params.entries()) {
                    PtNDArray w = (PtNDArray) e.parameter().getArray();
                    try (NDManager s = NDManager.subManagerOf(w)) {
                        s.tempAttachAll(w);
                        NDArray g = JniUtils.getGradient(w);
                        // gradients are zeroed (or released) by the optimizer
                        if (g != null) {
                            assertEquals(0f, g.abs().sum().getFloat());
                        } else {
                            assertNull(g);
                        }
                    }
                }
            }
            for (int k = 0; k < params.entries().size(); k++) {
                TrainableParams.Entry e = params.entries().get(k);
                double[] w0 = before.get(k);
                double[] grad = new double[w0.length];
                for (int i = 0; i < grad.length; i++) {
                    grad[i] = 0.5 * (i % 5 - 2);
                }
                double lr = switch (e.group()) {
                    case BIAS -> 0.1;
                    case WEIGHT -> 0.01;
                    case NORM -> 0.05;
                };
                double[] expected = hand.apply(null, new Hand(w0, grad, lr, e.group().decayed() ? WD : 0));
                double[] got = toDouble(e.parameter().getArray().toFloatArray());
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i], got[i], 1e-5, e.name() + "[" + i + "]");
                }
            }
        }
    }

    /** Back-propagates sum(w * c) so that every parameter's gradient is c_i = scale (i % 5 - 2). */
    static void backwardConstant(TrainableParams params, float scale) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray total = null;
            for (TrainableParams.Entry e : params.entries()) {
                NDArray w = e.parameter().getArray();
                float[] c = new float[(int) w.size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = scale * (i % 5 - 2);
                }
                NDArray term = w.mul(w.getManager().create(c, w.getShape())).sum();
                total = total == null ? term : total.add(term);
            }
            gc.backward(total);
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
