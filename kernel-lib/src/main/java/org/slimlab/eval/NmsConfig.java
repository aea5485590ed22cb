package org.slimlab.eval;

import org.slimlab.SlimException;

/**
 * Settings of {@link Nms}, named as in Ultralytics' {@code non_max_suppression}.
 *
 * @param conf       keep candidates whose class score is strictly above this
 * @param iou        suppress a box whose IoU with a kept box of the same class is strictly above this
 * @param multiLabel a box may be kept once per class above {@code conf} (validation) instead of only for its best
 *                   class (prediction)
 * @param agnostic   suppress across classes
 * @param maxDet     keep at most this many detections per image
 * @param maxNms     consider at most this many candidates (the highest scores) per image
 */
public record NmsConfig(double conf, double iou, boolean multiLabel, boolean agnostic, int maxDet, int maxNms) {

    /** Validation with YOLOv8 settings: conf 0.001, IoU 0.7, multi-label, 300 detections, 30000 candidates. */
    public static NmsConfig val() {
        return new NmsConfig(0.001, 0.7, true, false, 300, 30000);
    }

    /** Validation with YOLOv5 settings: as {@link #val()} with IoU 0.6. */
    public static NmsConfig valV5() {
        return val().withIou(0.6);
    }

    /** Prediction: conf 0.25, IoU 0.7, best class only. */
    public static NmsConfig predict() {
        return new NmsConfig(0.25, 0.7, false, false, 300, 30000);
    }

    /** Checks ranges. */
    public NmsConfig {
        if (!(conf >= 0 && conf <= 1)) {
            throw new SlimException("nms: conf " + conf + " outside [0, 1]");
        }
        if (!(iou >= 0 && iou <= 1)) {
            throw new SlimException("nms: iou " + iou + " outside [0, 1]");
        }
        if (maxDet < 1 || maxNms < 1) {
            throw new SlimException("nms: max_det " + maxDet + " and max_nms " + maxNms + " must be positive");
        }
    }

    /** A copy with another confidence threshold. */
    public NmsConfig withConf(double value) {
        return new NmsConfig(value, iou, multiLabel, agnostic, maxDet, maxNms);
    }

    /** A copy with another IoU threshold. */
    public NmsConfig withIou(double value) {
        return new NmsConfig(conf, value, multiLabel, agnostic, maxDet, maxNms);
    }

    /** A copy with multi-label on or off. */
    public NmsConfig withMultiLabel(boolean value) {
        return new NmsConfig(conf, iou, value, agnostic, maxDet, maxNms);
    }

    /** A copy with class-agnostic suppression on or off. */
    public NmsConfig withAgnostic(boolean value) {
        return new NmsConfig(conf, iou, multiLabel, value, maxDet, maxNms);
    }

    /** A copy with another detection limit. */
    public NmsConfig withMaxDet(int value) {
        return new NmsConfig(conf, iou, multiLabel, agnostic, value, maxNms);
    }

    /** A copy with another candidate limit. */
    public NmsConfig withMaxNms(int value) {
        return new NmsConfig(conf, iou, multiLabel, agnostic, maxDet, value);
    }
}
