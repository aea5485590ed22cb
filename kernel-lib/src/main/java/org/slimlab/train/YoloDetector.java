package org.slimlab.train;

import ai.djl.nn.Block;
import java.nio.file.Path;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;
import org.slimlab.model.modules.DetectHead;

/** A {@link YoloModel} architecture as the trainer sees it. */
public final class YoloDetector implements TrainableDetector {
    private final ModelSpec spec;
    private final HeadSpec head;

    public YoloDetector(ModelSpec spec) {
        this.spec = spec;
        this.head = headSpec(YoloModel.build(spec).head());
    }

    /** The detector of a config file or built-in name (e.g. {@code yolov5n}). */
    public static YoloDetector of(String cfg) {
        return new YoloDetector(ModelSpec.load(cfg));
    }

    /** The architecture. */
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public Block newBlock() {
        return YoloModel.build(spec);
    }

    @Override
    public HeadSpec head() {
        return head;
    }

    @Override
    public void writeYaml(Path file) {
        spec.resolved().write(file);
    }

    /** The loss-side description of a built head. */
    public static HeadSpec headSpec(DetectHead h) {
        float[] s = h.strides();
        int[] strides = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            strides[i] = Math.round(s[i]);
        }
        return h.kind() == DetectHead.Kind.ANCHOR_BASED
                ? HeadSpec.anchorBased(h.nc(), strides, h.anchors())
                : HeadSpec.anchorFree(h.nc(), strides, h.regMax());
    }
}
