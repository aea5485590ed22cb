package org.slimlab.train;

import ai.djl.ndarray.NDList;
import java.util.List;

/** A detection loss over raw head outputs (see {@link HeadSpec} for the output contract). */
public interface DetectionLoss {

    /** Names of the loss parts, e.g. {@code box, obj, cls} or {@code box, cls, dfl}. */
    List<String> partNames();

    /**
     * Evaluates the loss of one batch.
     *
     * @param outputs raw head outputs, one array per level
     * @param targets rows {@code (imageIndex, cls, cx, cy, w, h)}, boxes normalised to the input image
     * @param imgH input image height in pixels
     * @param imgW input image width in pixels
     */
    LossOutput compute(NDList outputs, float[][] targets, int imgH, int imgW);

    /** The reference loss for a head: {@link AnchorBasedLoss} or {@link AnchorFreeLoss}. */
    static DetectionLoss forHead(HeadSpec head, LossConfig config) {
        return head.kind() == HeadSpec.Kind.ANCHOR_BASED ? new AnchorBasedLoss(head, config) : new AnchorFreeLoss(head, config);
    }
}
