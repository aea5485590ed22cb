package org.slimlab.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * SlimLab side of the training-step benchmark ({@code bench/train_step_bench.py} drives it; see
 * {@code bench/README.md}). Builds the model of a config, prints {@code ready params=P threads=T libtorch=V}, then
 * reads commands from standard input:
 * <ul>
 * <li>{@code run N}: N {@link BenchTrainer} steps with the benchmark loss (the PyTorch side computes the same);
 * prints {@code ms t1 ... tN};</li>
 * <li>{@code run N real}: N steps with SlimLab's detection loss on seeded synthetic targets (7 boxes per image);</li>
 * <li>{@code quit}.</li>
 * </ul>
 * Every step reads the same seeded random batch.
 * <pre>
 * java -cp kernel-lib/target/classes:kernel-lib/target/test-classes:kernel-lib/target/lib/* \
 *     org.slimlab.bench.TrainStepWorker yolov5n 320 16
 * </pre>
 */
public final class TrainStepWorker {
    private TrainStepWorker() {
    }

    public static void main(String[] args) throws IOException {
        int img = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        try (BenchTrainer trainer = new BenchTrainer(args[0], img, batch)) {
            SplittableRandom random = new SplittableRandom(1);
            float[][] targets = targets(random, batch, trainer.nc());
            float[] images = new float[batch * 3 * img * img];
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) random.nextDouble();
            }
            System.out.printf(Locale.ROOT, "ready params=%d threads=%d libtorch=%s%n", trainer.parameters(),
                    JniUtils.getNumThreads(), Engine.getInstance().getVersion());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.trim().split("\\s+");
                if (words[0].isEmpty() || words[0].equals("quit")) {
                    break;
                }
                boolean real = words.length > 2 && words[2].equals("real");
                StringBuilder sb = new StringBuilder("ms");
                for (int i = Integer.parseInt(words[1]); i > 0; i--) {
                    sb.append(String.format(Locale.ROOT, " %.3f", trainer.step(images, batch, targets, real)));
                }
                System.out.println(sb);
                System.out.flush();
            }
        }
    }

    /** Seven random boxes per image, normalised {@code image, class, cx, cy, w, h}. */
    static float[][] targets(SplittableRandom r, int batch, int nc) {
        List<float[]> t = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < 7; k++) {
                float w = 0.03f + (float) r.nextDouble() * 0.4f;
                float h = 0.03f + (float) r.nextDouble() * 0.4f;
                t.add(new float[] {b, r.nextInt(nc), w / 2 + (float) r.nextDouble() * (1 - w),
                    h / 2 + (float) r.nextDouble() * (1 - h), w, h});
            }
        }
        return t.toArray(new float[0][]);
    }
}
