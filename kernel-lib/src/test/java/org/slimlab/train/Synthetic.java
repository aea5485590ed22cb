package org.slimlab.train;

import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic detection data and a detector wrapper for trainer tests: coloured boxes on noise, 32 px. */
final class Synthetic {
    static final int IMG = 32;

    private Synthetic() {
    }

    /** {@code batches} batches of {@code n} images per epoch; each epoch draws its own from (seed, epoch, batch). */
    static EpochData data(long seed, int batches, int n, int nc) {
        return EpochData.of(batches, epoch -> {
            List<TrainBatch> list = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                list.add(batch(new SplittableRandom(seed * 1_000_003L + epoch * 1009L + b), n, nc));
            }
            Iterator<TrainBatch> it = list.iterator();
            return it;
        });
    }

    static TrainBatch batch(SplittableRandom r, int n, int nc) {
        int plane = IMG * IMG;
        float[] img = new float[n * 3 * plane];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) r.nextDouble() * 0.2f;
        }
        List<float[]> targets = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int objects = 1 + r.nextInt(3);
            for (int o = 0; o < objects; o++) {
                int cls = r.nextInt(nc);
                int w = 6 + r.nextInt(14);
                int h = 6 + r.nextInt(14);
                int x0 = r.nextInt(IMG - w);
                int y0 = r.nextInt(IMG - h);
                for (int c = 0; c < 3; c++) {
                    float v = c == cls % 3 ? 0.9f : 0.3f;
                    for (int y = y0; y < y0 + h; y++) {
                        for (int x = x0; x < x0 + w; x++) {
                            img[(k * 3 + c) * plane + y * IMG + x] = v;
                        }
                    }
                }
                targets.add(new float[] {k, cls, (x0 + w / 2f) / IMG, (y0 + h / 2f) / IMG, (float) w / IMG, (float) h / IMG});
            }
        }
        return new TrainBatch(img, n, IMG, IMG, targets.toArray(new float[0][]));
    }

    /** The tiny two-level detector as a {@link TrainableDetector}. */
    static TrainableDetector detector(HeadSpec head) {
        return new TrainableDetector() {
            @Override
            public Block newBlock() {
                return TinyNets.detector(head);
            }

            @Override
            public HeadSpec head() {
                return head;
            }

            @Override
            public void writeYaml(Path file) throws IOException {
                Files.writeString(file, "# tiny test detector\nnc: " + head.nc() + "\n");
            }
        };
    }
}
