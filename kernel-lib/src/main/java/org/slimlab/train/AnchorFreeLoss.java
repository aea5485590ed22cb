package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.slimlab.SlimException;

/**
 * The YOLOv8 ({@code v8DetectionLoss}) loss for anchor-free heads.
 *
 * <p>Anchor points are cell centres ({@code +0.5}). Predictions are copied to the host once per step for the
 * {@link TaskAlignedAssigner}; the loss terms are array ops so gradients flow. The outputs stay in their
 * channel-major layout; only the distributions of positive anchors are gathered. Class: BCE against the
 * normalised target scores, summed and divided by their sum. Box: {@code (1 - CIoU)} of the decoded boxes of
 * positive anchors, weighted by their target score. DFL: cross-entropy of the two bins around each target side
 * distance, interpolated left/right, averaged over the four sides and weighted like the box term.
 */
public final class AnchorFreeLoss implements DetectionLoss {
    private static final List<String> PARTS = List.of("box", "cls", "dfl");

    private final HeadSpec head;
    private final LossConfig config;
    private final TaskAlignedAssigner assigner = new TaskAlignedAssigner();
    private final int reg;
    private final float[] proj;

    public AnchorFreeLoss(HeadSpec head, LossConfig config) {
        if (head.kind() != HeadSpec.Kind.ANCHOR_FREE) {
            throw new SlimException("anchor-free loss needs an anchor-free head, got " + head.kind());
        }
        this.head = head;
        this.config = config;
        this.reg = head.regMax();
        proj = new float[reg];
        for (int i = 0; i < reg; i++) {
            proj[i] = i;
        }
    }

    @Override
    public List<String> partNames() {
        return PARTS;
    }

    @Override
    public LossOutput compute(NDList outputs, float[][] targets, int imgH, int imgW) {
        int nc = head.nc();
        int no = 4 * reg + nc;
        if (outputs.size() != head.nl()) {
            throw new SlimException("anchor-free loss: head has " + head.nl() + " levels, model gave "
                    + outputs.size() + " outputs");
        }
        NDManager m = outputs.get(0).getManager();
        int bs = (int) outputs.get(0).getShape().get(0);
        AnchorGrid grid = AnchorGrid.of(outputs, head.strides(), no);
        int na = grid.size();
        List<NDArray> flat = new ArrayList<>();
        for (NDArray p : outputs) {
            flat.add(p.reshape(bs, no, -1));
        }
        // (N, no, A), channel-major like the head output: no transposed copy of the whole tensor
        NDArray all = NDArrays.concat(new NDList(flat), 2);
        NDArray dist = all.get(":, :" + 4 * reg + ", :");
        NDArray logits = all.get(":, " + 4 * reg + ":, :");

        NDArray projArray = m.create(proj, new Shape(1, 1, reg, 1));
        float[] sides = dist.stopGradient().reshape(bs, 4, reg, na).softmax(2).mul(projArray).sum(new int[] {2})
                .toFloatArray();
        float[] probs = Activation.sigmoid(logits.stopGradient()).toFloatArray();

        float[] targetScores = new float[bs * nc * na];
        List<float[]> gts = GroundTruths.perImage(targets, bs, nc, imgW, imgH);
        TargetRows rows = new TargetRows();
        float scoreSum = 0;
        for (int b = 0; b < bs; b++) {
            float[] gt = gts.get(b);
            int ng = gt.length / 5;
            int[] gtCls = new int[ng];
            float[] gtBoxes = new float[4 * ng];
            for (int g = 0; g < ng; g++) {
                gtCls[g] = (int) gt[5 * g];
                System.arraycopy(gt, 5 * g + 1, gtBoxes, 4 * g, 4);
            }
            float[] predBoxes = grid.decodePixels(sides, b * 4 * na);
            float[] scores = slice(probs, b * nc * na, nc * na);
            TaskAlignedAssigner.Assignment as = assigner.assign(scores, predBoxes, grid.pointsPixels(), nc, gtCls, gtBoxes);
            for (int a = 0; a < na; a++) {
                if (as.foreground()[a]) {
                    float s = as.score()[a];
                    targetScores[(b * nc + gtCls[as.target()[a]]) * na + a] = s;
                    scoreSum += s;
                    rows.add(b, a, na, s, gtBoxes, 4 * as.target()[a], grid);
                }
            }
        }
        NDArray tss = m.create(Math.max(scoreSum, 1f));
        NDArray lcls = Bce.withLogits(logits, m.create(targetScores, new Shape(bs, nc, na))).sum().div(tss);
        NDArray lbox = m.zeros(new Shape());
        NDArray ldfl = m.zeros(new Shape());
        int nf = rows.size();
        if (nf > 0) {
            NDArray d = all.reshape(-1).get(new NDIndex("{}", m.create(rows.index(no, 4 * reg)))).reshape(nf, 4, reg);
            NDArray ltrb = d.softmax(2).matMul(m.create(proj, new Shape(reg, 1))).reshape(nf, 4);
            NDArray pts = m.create(rows.points(), new Shape(nf, 2));
            NDArray pred = pts.sub(ltrb.get(":, 0:2")).concat(pts.add(ltrb.get(":, 2:4")), 1);
            NDArray weight = m.create(rows.weights());
            NDArray iou = BoxIou.ciouXyxy(pred, m.create(rows.boxes(), new Shape(nf, 4)));
            lbox = iou.neg().add(1f).mul(weight).sum().div(tss);
            NDArray ce = DistributionFocalLoss.perRow(d.reshape(nf * 4, reg), rows.sides());
            ldfl = ce.reshape(nf, 4).mean(new int[] {1}).mul(weight).sum().div(tss);
        }
        lbox = lbox.mul(Scalars.of(lbox, config.box()));
        lcls = lcls.mul(Scalars.of(lcls, config.cls()));
        ldfl = ldfl.mul(Scalars.of(ldfl, config.dfl()));
        NDArray total = lbox.add(lcls).add(ldfl).mul(Scalars.of(lbox, bs));
        return new LossOutput(total, new float[] {lbox.getFloat(), lcls.getFloat(), ldfl.getFloat()});
    }

    private static float[] slice(float[] a, int from, int len) {
        float[] out = new float[len];
        System.arraycopy(a, from, out, 0, len);
        return out;
    }

    /** Positive anchors collected across the batch, with their targets in grid units. */
    private final class TargetRows {
        private final List<int[]> anchors = new ArrayList<>();
        private int anchorsPerImage;
        private final FloatList points = new FloatList();
        private final FloatList boxes = new FloatList();
        private final FloatList weights = new FloatList();
        private final FloatList sides = new FloatList();

        void add(int image, int anchor, int na, float weight, float[] gtBoxes, int off, AnchorGrid grid) {
            anchors.add(new int[] {image, anchor});
            anchorsPerImage = na;
            float s = grid.stride(anchor);
            float px = grid.pointX(anchor);
            float py = grid.pointY(anchor);
            float x1 = gtBoxes[off] / s;
            float y1 = gtBoxes[off + 1] / s;
            float x2 = gtBoxes[off + 2] / s;
            float y2 = gtBoxes[off + 3] / s;
            points.add(px).add(py);
            boxes.add(x1).add(y1).add(x2).add(y2);
            weights.add(weight);
            float limit = reg - 1 - 0.01f;
            sides.add(clamp(px - x1, limit)).add(clamp(py - y1, limit)).add(clamp(x2 - px, limit)).add(clamp(y2 - py, limit));
        }

        int size() {
            return anchors.size();
        }

        /**
         * Flat indices into the {@code (N, no, A)} output of the first {@code channels} channels of each positive
         * anchor, row by row.
         */
        long[] index(int no, int channels) {
            long[] idx = new long[anchors.size() * channels];
            int k = 0;
            for (int[] ia : anchors) {
                for (int c = 0; c < channels; c++) {
                    idx[k++] = ((long) ia[0] * no + c) * anchorsPerImage + ia[1];
                }
            }
            return idx;
        }

        float[] points() {
            return points.toArray();
        }

        float[] boxes() {
            return boxes.toArray();
        }

        float[] weights() {
            return weights.toArray();
        }

        /** Target side distances {@code l, t, r, b} of each positive anchor, in bins. */
        float[] sides() {
            return sides.toArray();
        }

        private static float clamp(float v, float hi) {
            return Math.max(0f, Math.min(hi, v));
        }
    }
}
