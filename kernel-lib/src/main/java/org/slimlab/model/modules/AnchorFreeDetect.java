package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv8's anchor-free {@code Detect}: per level a box branch {@code cv2.i} = [Conv 3×3, Conv 3×3,
 * Conv2d → 4·regMax] and a class branch {@code cv3.i} = [Conv 3×3, Conv 3×3, Conv2d → nc], plus
 * the {@link Dfl} decoder. Raw output per level: (N, 4·regMax + nc, H, W), pre-activation. The trace
 * counts the decoder's convolution over all anchors, as the Ultralytics GFLOPs figures do.
 */
public final class AnchorFreeDetect extends DetectHead {
    private final int regMax;
    private final Sequential cv2;
    private final Sequential cv3;
    private final Dfl dfl;

    /**
     * @param ch input channels per level
     * @param box per level, the widths of the box branch's two convolutions
     * @param cls per level, the widths of the class branch's two convolutions
     */
    public AnchorFreeDetect(int nc, int[] ch, int regMax, int[][] box, int[][] cls, Act act) {
        super(nc, ch);
        this.regMax = regMax;
        List<Block> boxes = new ArrayList<>();
        List<Block> classes = new ArrayList<>();
        for (int i = 0; i < ch.length; i++) {
            boxes.add(branch(ch[i], box[i], 4 * regMax, act));
            classes.add(branch(ch[i], cls[i], nc, act));
        }
        cv2 = child("cv2", new Sequential(boxes));
        cv3 = child("cv3", new Sequential(classes));
        dfl = child("dfl", new Dfl(regMax));
    }

    private static Sequential branch(int c, int[] w, int out, Act act) {
        return new Sequential(List.of(new Conv(c, w[0], 3, 1, act), new Conv(w[0], w[1], 3, 1, act),
                Layers.conv2d(w[1], out, 1, 1, 0, 1, 1, true)));
    }

    @Override
    public Kind kind() {
        return Kind.ANCHOR_FREE;
    }

    @Override
    public int na() {
        return 1;
    }

    @Override
    public int regMax() {
        return regMax;
    }

    @Override
    public float[][] anchors() {
        return new float[0][];
    }

    /** The box branch of level {@code i}. */
    public Sequential boxBranch(int i) {
        return (Sequential) cv2.get(i);
    }

    /** The class branch of level {@code i}. */
    public Sequential classBranch(int i) {
        return (Sequential) cv3.get(i);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = new NDList(nl());
        for (int i = 0; i < nl(); i++) {
            NDArray x = inputs.get(i);
            out.add(call(cv2.get(i), ps, x, training).concat(call(cv3.get(i), ps, x, training), 1));
        }
        return out;
    }

    @Override
    public Shape[] trace(Trace t, Shape... in) {
        require(in.length == nl(), "Detect expects " + nl() + " inputs, gets " + in.length);
        Shape[] out = new Shape[nl()];
        long anchors = 0;
        for (int i = 0; i < nl(); i++) {
            Shape b = t.apply(cv2.get(i), in[i]);
            Shape c = t.apply(cv3.get(i), in[i]);
            out[i] = t.concat(b, c);
            anchors += b.get(2) * b.get(3);
        }
        t.apply(dfl, new Shape(in[0].get(0), 4L * regMax, anchors));
        return out;
    }

    @Override
    protected void installBiasPriors(float[] strides) {
        for (int i = 0; i < nl(); i++) {
            lastConv(boxBranch(i)).setInitializer(new ConstantInitializer(1f), Parameter.Type.BIAS);
            float prior = (float) Math.log(5.0 / nc() / Math.pow(PRIOR_IMAGE / strides[i], 2));
            lastConv(classBranch(i)).setInitializer(new ConstantInitializer(prior), Parameter.Type.BIAS);
        }
    }

    private static Conv2d lastConv(Sequential branch) {
        return (Conv2d) branch.get(branch.size() - 1);
    }

    @Override
    public NDArray decode(NDList raw) {
        float[] strides = strides();
        NDList flat = new NDList(nl());
        int total = 0;
        for (NDArray p : raw) {
            Shape s = p.getShape();
            flat.add(p.reshape(s.get(0), s.get(1), -1));
            total += (int) (s.get(2) * s.get(3));
        }
        float[] points = new float[2 * total];
        float[] scale = new float[total];
        int k = 0;
        for (int i = 0; i < nl(); i++) {
            Shape s = raw.get(i).getShape();
            for (int y = 0; y < s.get(2); y++) {
                for (int x = 0; x < s.get(3); x++, k++) {
                    points[k] = x + 0.5f;
                    points[total + k] = y + 0.5f;
                    scale[k] = strides[i];
                }
            }
        }
        NDArray all = NDArrays.concat(flat, 2);
        NDArray anchor = all.getManager().create(points, new Shape(1, 2, total)).toDevice(all.getDevice(), false);
        NDArray stride = all.getManager().create(scale, new Shape(1, 1, total)).toDevice(all.getDevice(), false);
        NDArray dist = dfl.forward(new ParameterStore(all.getManager(), false), new NDList(all.get(":, :{}", 4 * regMax)), false)
                .singletonOrThrow();
        NDArray lt = dist.get(":, 0:2");
        NDArray rb = dist.get(":, 2:4");
        NDArray x1y1 = anchor.sub(lt);
        NDArray x2y2 = anchor.add(rb);
        NDArray box = x1y1.add(x2y2).div(2f).concat(x2y2.sub(x1y1), 1).mul(stride);
        NDArray scores = Activation.sigmoid(all.get(":, {}:", 4 * regMax));
        return box.concat(scores, 1).transpose(0, 2, 1);
    }
}
