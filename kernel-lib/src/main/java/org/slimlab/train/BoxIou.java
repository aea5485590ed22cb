package org.slimlab.train;

import ai.djl.ndarray.NDArray;

/**
 * Complete IoU (CIoU, Zheng et al. 2020) as the YOLO losses use it:
 * {@code IoU - rho^2/c^2 - alpha*v} with {@code v = 4/pi^2 (atan(w2/h2) - atan(w1/h1))^2} and
 * {@code alpha = v / (v - IoU + 1 + eps)} taken without gradient. The array forms keep autograd on the first
 * box set (constants are {@link Scalars}, never bare numbers); the scalar form serves the label assigner,
 * which works on detached copies.
 */
public final class BoxIou {
    /** The small constant of the reference implementation. */
    public static final float EPS = 1e-7f;
    private static final double FOUR_OVER_PI2 = 4 / (Math.PI * Math.PI);

    private BoxIou() {
    }

    /**
     * CIoU of rows of {@code (M, 4)} centre boxes {@code x, y, w, h} (the YOLOv5 box loss form: widths and
     * heights used as given).
     *
     * @return shape {@code (M)}
     */
    public static NDArray ciouXywh(NDArray b1, NDArray b2) {
        NDArray x1 = b1.get(":, 0");
        NDArray y1 = b1.get(":, 1");
        NDArray w1 = b1.get(":, 2");
        NDArray h1 = b1.get(":, 3");
        NDArray x2 = b2.get(":, 0");
        NDArray y2 = b2.get(":, 1");
        NDArray w2 = b2.get(":, 2");
        NDArray h2 = b2.get(":, 3");
        NDArray half = Scalars.of(b1, 0.5);
        NDArray hw1 = w1.mul(half);
        NDArray hh1 = h1.mul(half);
        NDArray hw2 = w2.mul(half);
        NDArray hh2 = h2.mul(half);
        return ciou(x1.sub(hw1), y1.sub(hh1), x1.add(hw1), y1.add(hh1), w1, h1,
                x2.sub(hw2), y2.sub(hh2), x2.add(hw2), y2.add(hh2), w2, h2);
    }

    /**
     * CIoU of rows of {@code (M, 4)} corner boxes {@code x1, y1, x2, y2} (the YOLOv8 form: {@code eps} added to
     * heights).
     *
     * @return shape {@code (M)}
     */
    public static NDArray ciouXyxy(NDArray b1, NDArray b2) {
        NDArray ax1 = b1.get(":, 0");
        NDArray ay1 = b1.get(":, 1");
        NDArray ax2 = b1.get(":, 2");
        NDArray ay2 = b1.get(":, 3");
        NDArray bx1 = b2.get(":, 0");
        NDArray by1 = b2.get(":, 1");
        NDArray bx2 = b2.get(":, 2");
        NDArray by2 = b2.get(":, 3");
        return ciou(ax1, ay1, ax2, ay2, ax2.sub(ax1), ay2.sub(ay1).add(EPS),
                bx1, by1, bx2, by2, bx2.sub(bx1), by2.sub(by1).add(EPS));
    }

    private static NDArray ciou(NDArray ax1, NDArray ay1, NDArray ax2, NDArray ay2, NDArray w1, NDArray h1,
            NDArray bx1, NDArray by1, NDArray bx2, NDArray by2, NDArray w2, NDArray h2) {
        NDArray zero = Scalars.of(ax1, 0);
        NDArray inter = ax2.minimum(bx2).sub(ax1.maximum(bx1)).maximum(zero)
                .mul(ay2.minimum(by2).sub(ay1.maximum(by1)).maximum(zero));
        NDArray union = w1.mul(h1).add(w2.mul(h2)).sub(inter).add(EPS);
        NDArray iou = inter.div(union);
        NDArray cw = ax2.maximum(bx2).sub(ax1.minimum(bx1));
        NDArray ch = ay2.maximum(by2).sub(ay1.minimum(by1));
        NDArray c2 = cw.square().add(ch.square()).add(EPS);
        NDArray rho2 = bx1.add(bx2).sub(ax1).sub(ax2).square()
                .add(by1.add(by2).sub(ay1).sub(ay2).square()).mul(Scalars.of(ax1, 0.25));
        NDArray v = w2.div(h2).atan().sub(w1.div(h1).atan()).square().mul(Scalars.of(ax1, FOUR_OVER_PI2));
        NDArray alpha = v.div(v.sub(iou).add(1 + EPS)).stopGradient();
        return iou.sub(rho2.div(c2).add(v.mul(alpha)));
    }

    /**
     * CIoU of two corner boxes stored at {@code a[ao..ao+3]} and {@code b[bo..bo+3]} ({@code x1, y1, x2, y2}),
     * the YOLOv8 form with {@code eps} added to heights.
     */
    public static float ciouXyxy(float[] a, int ao, float[] b, int bo) {
        float ax1 = a[ao];
        float ay1 = a[ao + 1];
        float ax2 = a[ao + 2];
        float ay2 = a[ao + 3];
        float bx1 = b[bo];
        float by1 = b[bo + 1];
        float bx2 = b[bo + 2];
        float by2 = b[bo + 3];
        float w1 = ax2 - ax1;
        float h1 = ay2 - ay1 + EPS;
        float w2 = bx2 - bx1;
        float h2 = by2 - by1 + EPS;
        float inter = Math.max(Math.min(ax2, bx2) - Math.max(ax1, bx1), 0f)
                * Math.max(Math.min(ay2, by2) - Math.max(ay1, by1), 0f);
        float union = w1 * h1 + w2 * h2 - inter + EPS;
        float iou = inter / union;
        float cw = Math.max(ax2, bx2) - Math.min(ax1, bx1);
        float ch = Math.max(ay2, by2) - Math.min(ay1, by1);
        float c2 = cw * cw + ch * ch + EPS;
        float dx = bx1 + bx2 - ax1 - ax2;
        float dy = by1 + by2 - ay1 - ay2;
        float rho2 = (dx * dx + dy * dy) / 4;
        float da = (float) (Math.atan(w2 / h2) - Math.atan(w1 / h1));
        float v = (float) (FOUR_OVER_PI2 * da * da);
        float alpha = v / (v - iou + (1 + EPS));
        return iou - (rho2 / c2 + v * alpha);
    }
}
