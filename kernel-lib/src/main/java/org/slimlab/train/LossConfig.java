package org.slimlab.train;

/**
 * Final loss gains and matching thresholds, after the reference scaling rules.
 *
 * @param box box (CIoU) gain
 * @param obj objectness gain (anchor-based heads)
 * @param cls classification gain
 * @param dfl distribution focal loss gain (anchor-free heads)
 * @param labelSmoothing label smoothing epsilon for the class targets (anchor-based heads)
 * @param anchorT anchor-to-target size ratio threshold (anchor-based heads)
 */
public record LossConfig(double box, double obj, double cls, double dfl, double labelSmoothing, double anchorT) {

    /**
     * Gains for a head from the base hyper-parameters of a {@link TrainConfig}. Anchor-based heads follow
     * YOLOv5: box x 3/nl, cls x nc/80 x 3/nl, obj x (img/640)^2 x 3/nl. Anchor-free heads use the gains as given.
     */
    public static LossConfig of(HeadSpec head, TrainConfig cfg) {
        if (head.kind() == HeadSpec.Kind.ANCHOR_FREE) {
            double box = Double.isNaN(cfg.boxGain()) ? 7.5 : cfg.boxGain();
            return new LossConfig(box, 0, cfg.clsGain(), cfg.dflGain(), cfg.labelSmoothing(), cfg.anchorT());
        }
        double box = Double.isNaN(cfg.boxGain()) ? 0.05 : cfg.boxGain();
        double levels = 3.0 / head.nl();
        double area = (cfg.imgSize() / 640.0) * (cfg.imgSize() / 640.0);
        return new LossConfig(box * levels, cfg.objGain() * area * levels,
                cfg.clsGain() * head.nc() / 80.0 * levels, 0, cfg.labelSmoothing(), cfg.anchorT());
    }
}
