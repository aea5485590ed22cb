package org.slimlab.model;

/**
 * Specs for tests that compare outputs. On some CPUs (seen on an AMD EPYC) libtorch's AVX kernels
 * for 3×3 convolutions over a channel count that is not a multiple of 16 give run-to-run different,
 * sometimes non-finite values; yolov8n-lite's partial convolutions work on 4 and 8 channels. The
 * AFPN neck itself has none of those, so output comparisons run it on YOLOv8n's backbone.
 */
public final class AfpnTestSpecs {
    private AfpnTestSpecs() {
    }

    /** yolov8n-lite's AFPN neck and head on YOLOv8n's C2f and Conv backbone (rows 0-9 of yolov8n). */
    public static ModelSpec afpnOnYolov8n(int nc) {
        ModelSpec lite = ModelSpec.load("yolov8n-lite").withNc(nc);
        ModelSpec base = ModelSpec.load("yolov8n");
        for (int i = 0; i < base.backboneSize(); i++) {
            lite = lite.withRow(i, base.row(i));
        }
        return lite.withName("yolov8n-afpn");
    }
}
