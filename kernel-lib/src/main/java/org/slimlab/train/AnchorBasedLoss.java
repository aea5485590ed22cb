package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.List;
import org.slimlab.SlimException;

/**
 * The YOLOv5 (v7.0 {@code ComputeLoss}) loss for anchor-based heads (YOLOv5 Detect, YOLOv7 IDetect).
 *
 * <p>Targets are matched in Java by {@link AnchorMatcher}; the matched rows are gathered from the output with
 * array ops so gradients flow. Box: {@code 1 - CIoU} with {@code xy = 2 sigmoid - 0.5} and
 * {@code wh = (2 sigmoid)^2 anchor}. Objectness: BCE against the detached IoU clamped at zero, weighted per
 * level by {@code [4.0, 1.0, 0.4]} (five levels: {@code [4.0, 1.0, 0.25, 0.06, 0.02]}). Class: BCE against
 * {@code cp}/{@code cn} (label smoothing), only when {@code nc > 1}.
 */
public final class AnchorBasedLoss implements DetectionLoss {
    private static final List<String> PARTS = List.of("box", "obj", "cls");

    private final HeadSpec head;
    private final LossConfig config;
    private final AnchorMatcher matcher;
    private final float[][] anchorsGrid;
    private final float[] balance;
    private final float cp;
    private final float cn;

    public AnchorBasedLoss(HeadSpec head, LossConfig config) {
        if (head.kind() != HeadSpec.Kind.ANCHOR_BASED) {
            throw new SlimException("anchor-based loss needs an anchor-based head, got " + head.kind());
        }
        this.head = head;
        this.config = config;
        this.matcher = new AnchorMatcher((float) config.anchorT());
        float[][] anchors = head.anchors();
        int[] strides = head.strides();
        anchorsGrid = new float[anchors.length][];
        for (int i = 0; i < anchors.length; i++) {
            anchorsGrid[i] = new float[anchors[i].length];
            for (int k = 0; k < anchors[i].length; k++) {
                anchorsGrid[i][k] = anchors[i][k] / strides[i];
            }
        }
        balance = head.nl() == 3 ? new float[] {4.0f, 1.0f, 0.4f} : Arrays.copyOf(
                new float[] {4.0f, 1.0f, 0.25f, 0.06f, 0.02f}, head.nl());
        cp = (float) (1.0 - 0.5 * config.labelSmoothing());
        cn = (float) (0.5 * config.labelSmoothing());
    }

    @Override
    public List<String> partNames() {
        return PARTS;
    }

    /** The matches of level {@code level} for a grid of {@code gridH x gridW} cells. */
    public LevelTargets match(float[][] targets, int level, int gridH, int gridW) {
        return matcher.match(targets, gridH, gridW, anchorsGrid[level]);
    }

    @Override
    public LossOutput compute(NDList outputs, float[][] targets, int imgH, int imgW) {
        if (outputs.size() != head.nl()) {
            throw new SlimException("anchor-based loss: head has " + head.nl() + " levels, model gave "
                    + outputs.size() + " outputs");
        }
        NDManager m = outputs.get(0).getManager();
        int na = head.na();
        int no = head.nc() + 5;
        long bs = outputs.get(0).getShape().get(0);
        GroundTruths.validate(targets, (int) bs, head.nc());
        NDArray lbox = m.zeros(new Shape());
        NDArray lobj = m.zeros(new Shape());
        NDArray lcls = m.zeros(new Shape());
        for (int i = 0; i < outputs.size(); i++) {
            NDArray p = outputs.get(i);
            Shape s = p.getShape();
            if (s.dimension() != 5 || s.get(1) != na || s.get(4) != no) {
                throw new SlimException("anchor-based loss: level " + i + " output has shape " + s + ", expected (N, "
                        + na + ", H, W, " + no + ")");
            }
            int gh = (int) s.get(2);
            int gw = (int) s.get(3);
            float[] tobj = new float[Math.toIntExact(bs * na * gh * gw)];
            LevelTargets t = match(targets, i, gh, gw);
            int n = t.size();
            if (n > 0) {
                long[] idx = new long[n];
                for (int k = 0; k < n; k++) {
                    idx[k] = t.flatIndex(k, na, gh, gw);
                }
                NDArray rows = p.reshape(-1, no).get(new NDIndex("{}", m.create(idx)));
                NDArray two = Scalars.of(rows, 2);
                NDArray pxy = Activation.sigmoid(rows.get(":, 0:2")).mul(two).sub(0.5f);
                NDArray pwh = Activation.sigmoid(rows.get(":, 2:4")).mul(two).square()
                        .mul(m.create(t.anchor(), new Shape(n, 2)));
                NDArray iou = BoxIou.ciouXywh(pxy.concat(pwh, 1), m.create(t.tbox(), new Shape(n, 4)));
                lbox = lbox.add(iou.neg().add(1f).mean());
                float[] iouHost = iou.toFloatArray();
                for (int k = 0; k < n; k++) {
                    tobj[(int) idx[k]] = Math.max(iouHost[k], 0f);
                }
                if (head.nc() > 1) {
                    float[] tc = new float[n * head.nc()];
                    Arrays.fill(tc, cn);
                    for (int k = 0; k < n; k++) {
                        tc[k * head.nc() + t.cls()[k]] = cp;
                    }
                    lcls = lcls.add(Bce.withLogits(rows.get(":, 5:"), m.create(tc, new Shape(n, head.nc()))).mean());
                }
            }
            NDArray obj = Bce.withLogits(p.get("..., 4"), m.create(tobj, new Shape(bs, na, gh, gw))).mean();
            lobj = lobj.add(obj.mul(Scalars.of(obj, balance[i])));
        }
        lbox = lbox.mul(Scalars.of(lbox, config.box()));
        lobj = lobj.mul(Scalars.of(lobj, config.obj()));
        lcls = lcls.mul(Scalars.of(lcls, config.cls()));
        NDArray total = lbox.add(lobj).add(lcls).mul(Scalars.of(lbox, bs));
        return new LossOutput(total, new float[] {lbox.getFloat(), lobj.getFloat(), lcls.getFloat()});
    }
}
