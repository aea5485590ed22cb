package org.slimlab.eval;

/** Box arithmetic in single precision, so that thresholds compare as they do on float32 tensors. */
final class Boxes {
    /** The epsilon Ultralytics' {@code box_iou} adds to the union. */
    static final float METRIC_EPS = 1e-7f;

    private Boxes() {
    }

    /**
     * Intersection over union of two xyxy boxes: {@code inter / (areaA + areaB - inter + eps)}. With
     * {@code eps = 0} this is the overlap torchvision's NMS kernel computes; with {@link #METRIC_EPS} it is
     * Ultralytics' {@code box_iou}.
     */
    static float iou(float ax1, float ay1, float ax2, float ay2,
                     float bx1, float by1, float bx2, float by2, float eps) {
        float iw = Math.max(Math.min(ax2, bx2) - Math.max(ax1, bx1), 0f);
        float ih = Math.max(Math.min(ay2, by2) - Math.max(ay1, by1), 0f);
        float inter = iw * ih;
        float areaA = (ax2 - ax1) * (ay2 - ay1);
        float areaB = (bx2 - bx1) * (by2 - by1);
        return inter / (areaA + areaB - inter + eps);
    }
}
