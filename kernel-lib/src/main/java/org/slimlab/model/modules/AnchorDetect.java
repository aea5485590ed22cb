package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv5's anchor-based {@code Detect}: one biased 1×1 convolution per level ({@code m.i}) with
 * na·(nc+5) outputs. Raw output per level: (N, na, H, W, nc+5), pre-sigmoid.
 */
public class AnchorDetect extends DetectHead {
    private final float[][] anchors;
    private final int na;
    private final int no;
    private final Sequential m;

    /**
     * @param anchors per level, pixel pairs {@code [w0, h0, w1, h1, ...]}
     * @param ch input channels per level
     */
    public AnchorDetect(int nc, float[][] anchors, int[] ch) {
        super(nc, ch);
        require(anchors.length == ch.length,
                "Detect has " + ch.length + " inputs but " + anchors.length + " anchor levels");
        this.na = anchors[0].length / 2;
        for (float[] a : anchors) {
            require(a.length == 2 * na && a.length > 0, "every anchor level needs the same number of (w, h) pairs");
        }
        this.anchors = new float[anchors.length][];
        for (int i = 0; i < anchors.length; i++) {
            this.anchors[i] = anchors[i].clone();
        }
        this.no = nc + 5;
        List<Block> convs = new ArrayList<>();
        for (int c : ch) {
            convs.add(Layers.conv2d(c, na * no, 1, 1, 0, 1, 1, true));
        }
        m = child("m", new Sequential(convs));
    }

    @Override
    public Kind kind() {
        return Kind.ANCHOR_BASED;
    }

    @Override
    public int na() {
        return na;
    }

    @Override
    public int regMax() {
        return 0;
    }

    @Override
    public float[][] anchors() {
        float[][] copy = new float[anchors.length][];
        for (int i = 0; i < anchors.length; i++) {
            copy[i] = anchors[i].clone();
        }
        return copy;
    }

    /** The output convolution of level {@code i}. */
    public Conv2d outputConv(int i) {
        return (Conv2d) m.get(i);
    }

    /** Hook before level {@code i}'s convolution (YOLOv7 adds its implicit shift here). */
    protected NDArray beforeConv(int i, ParameterStore ps, NDArray x, boolean training) {
        return x;
    }

    /** Hook after level {@code i}'s convolution (YOLOv7 applies its implicit scale here). */
    protected NDArray afterConv(int i, ParameterStore ps, NDArray y, boolean training) {
        return y;
    }

    /** Hook for the shapes walk of the two hooks above. */
    protected void traceHooks(int i, Trace t, Shape in, Shape out) {
        // plain Detect has no hooks
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = new NDList(nl());
        for (int i = 0; i < nl(); i++) {
            NDArray y = call(m.get(i), ps, beforeConv(i, ps, inputs.get(i), training), training);
            y = afterConv(i, ps, y, training);
            Shape s = y.getShape();
            out.add(y.reshape(s.get(0), na, no, s.get(2), s.get(3)).transpose(0, 1, 3, 4, 2));
        }
        return out;
    }

    @Override
    public Shape[] trace(Trace t, Shape... in) {
        require(in.length == nl(), "Detect expects " + nl() + " inputs, gets " + in.length);
        Shape[] out = new Shape[nl()];
        for (int i = 0; i < nl(); i++) {
            Shape y = t.apply(m.get(i), in[i]);
            traceHooks(i, t, in[i], y);
            out[i] = new Shape(y.get(0), na, y.get(2), y.get(3), no);
        }
        return out;
    }

    @Override
    protected void installBiasPriors(float[] strides) {
        for (int i = 0; i < nl(); i++) {
            Conv2d conv = outputConv(i);
            float bound = (float) (1.0 / Math.sqrt(inChannels()[i]));
            float[] offset = new float[na * no];
            double obj = Math.log(8.0 / Math.pow(PRIOR_IMAGE / strides[i], 2));
            double cls = Math.log(0.6 / (nc() - 0.99));
            for (int a = 0; a < na; a++) {
                offset[a * no + 4] = (float) obj;
                for (int c = 0; c < nc(); c++) {
                    offset[a * no + 5 + c] = (float) cls;
                }
            }
            conv.setInitializer(uniformPlus(bound, offset), Parameter.Type.BIAS);
        }
    }

    /** PyTorch's default bias draw, U(±bound), plus a fixed offset per element. */
    private static Initializer uniformPlus(float bound, float[] offset) {
        return (NDManager manager, Shape shape, DataType dataType) -> {
            try (NDArray u = manager.randomUniform(-bound, bound, shape, dataType);
                 NDArray o = manager.create(offset, shape)) {
                return u.add(o);
            }
        };
    }

    @Override
    public NDArray decode(NDList raw) {
        float[] strides = strides();
        NDList levels = new NDList(nl());
        for (int i = 0; i < nl(); i++) {
            NDArray p = raw.get(i);
            Shape s = p.getShape();
            int h = (int) s.get(2);
            int w = (int) s.get(3);
            NDArray sig = Activation.sigmoid(p);
            NDArray grid = p.getManager().create(cells(h, w), new Shape(1, 1, h, w, 2)).toDevice(p.getDevice(), false);
            NDArray anchorGrid = p.getManager().create(anchors[i], new Shape(1, na, 1, 1, 2)).toDevice(p.getDevice(), false);
            NDArray xy = sig.get("..., 0:2").mul(2f).sub(0.5f).add(grid).mul(strides[i]);
            NDArray wh = sig.get("..., 2:4").mul(2f).square().mul(anchorGrid);
            NDArray scores = sig.get("..., 5:").mul(sig.get("..., 4:5"));
            levels.add(NDArrays.concat(new NDList(xy, wh, scores), -1).reshape(s.get(0), -1, 4 + nc()));
        }
        return NDArrays.concat(levels, 1);
    }

    /** Cell coordinates (x, y) in row-major order. */
    static float[] cells(int h, int w) {
        float[] g = new float[h * w * 2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                g[2 * (y * w + x)] = x;
                g[2 * (y * w + x) + 1] = y;
            }
        }
        return g;
    }
}
