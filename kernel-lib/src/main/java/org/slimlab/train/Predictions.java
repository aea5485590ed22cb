package org.slimlab.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slimlab.SlimException;
import org.slimlab.data.DataYaml;
import org.slimlab.data.DetBatch;
import org.slimlab.data.DetDataset;
import org.slimlab.data.DetLoader;
import org.slimlab.eval.Detections;
import org.slimlab.eval.Nms;
import org.slimlab.eval.NmsConfig;
import org.slimlab.eval.PredictionPainter;
import org.slimlab.model.YoloModel;

/**
 * What a trained run detects on the first images of a dataset split, for looking at: each image letterboxed as in
 * validation, forwarded, suppressed with the given NMS settings and mapped back to its original pixels.
 */
public final class Predictions {
    private static final int CELL = 256;

    private Predictions() {
    }

    /**
     * One image and the run's detections on it.
     *
     * @param path the image file
     * @param image the original image
     * @param detections boxes in original pixels, best first
     */
    public record Image(Path path, BufferedImage image, Detections detections) {
    }

    /**
     * The detections of the run in {@code run} on the first {@code n} images of {@code split}.
     *
     * @param img square input side (a multiple of the model's largest stride)
     * @param nms suppression settings ({@link NmsConfig#predict()}: confidence 0.25, best class only)
     * @throws SlimException naming the run, data file or argument at fault
     */
    public static List<Image> of(Path run, Path dataYaml, String split, int n, int img, NmsConfig nms) {
        if (n < 1) {
            throw new SlimException("predictions: ask for at least one image, got " + n);
        }
        DataYaml yaml = DataYaml.load(dataYaml);
        DetDataset data = DetDataset.load(yaml, split, false);
        List<Image> out = new ArrayList<>();
        try (GradMode off = GradMode.off(); NDManager m = NDManager.newBaseManager(Devices.of("cpu"));
                DetLoader loader = DetLoader.builder(data).imgSize(img).batchSize(Math.min(n, data.size())).workers(0)
                        .build()) {
            YoloModel model = YoloModel.load(run, m);
            Iterator<DetBatch> it = loader.iterator();
            DetBatch b = it.next();
            NDList raw = model.forward(new ParameterStore(m, false), new NDList(b.imagesArray(m)), false);
            List<Detections> dets = new Nms(nms).apply(model.head().decode(raw));
            for (int i = 0; i < b.n(); i++) {
                org.slimlab.data.ImageMeta meta = b.meta().get(i);
                Detections original = DetectionValidator.evalMeta(meta).letterbox().toOriginal(dets.get(i));
                out.add(new Image(meta.path(), data.image(meta.index()), original));
            }
        }
        return out;
    }

    /** The images with their detections drawn (class name and score), tiled in a square grid of 256 px cells. */
    public static BufferedImage grid(List<Image> images, List<String> names) {
        int cols = Math.max(1, (int) Math.ceil(Math.sqrt(images.size())));
        int rows = Math.max(1, (images.size() + cols - 1) / cols);
        BufferedImage out = new BufferedImage(cols * CELL, rows * CELL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            for (int k = 0; k < images.size(); k++) {
                Image im = images.get(k);
                BufferedImage drawn = PredictionPainter.draw(im.image(), im.detections(), names);
                double s = Math.min((double) CELL / drawn.getWidth(), (double) CELL / drawn.getHeight());
                int w = (int) Math.round(drawn.getWidth() * s);
                int h = (int) Math.round(drawn.getHeight() * s);
                g.drawImage(drawn, (k % cols) * CELL + (CELL - w) / 2, (k / cols) * CELL + (CELL - h) / 2, w, h, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
