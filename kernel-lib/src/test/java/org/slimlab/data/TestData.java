package org.slimlab.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes small datasets for tests: images with solid rectangles, label files, data yamls, tiny idx files. */
public final class TestData {
    private TestData() {
    }

    /** A rectangle {@code [x1, x2) x [y1, y2)} filled with {@code rgb}. */
    public record Rect(int x1, int y1, int x2, int y2, int rgb) {
        /** Its YOLO label row in an image of {@code w x h}. */
        String label(int cls, int w, int h) {
            return String.format(java.util.Locale.ROOT, "%d %.6f %.6f %.6f %.6f%n", cls, (x1 + x2) / 2.0 / w,
                    (y1 + y2) / 2.0 / h, (double) (x2 - x1) / w, (double) (y2 - y1) / h);
        }
    }

    /** Writes a PNG (or JPEG by extension) of {@code w x h} in {@code background} gray with the rectangles. */
    public static Path image(Path file, int w, int h, int background, Rect... rects) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(background, background, background));
        g.fillRect(0, 0, w, h);
        for (Rect r : rects) {
            g.setColor(new Color(r.rgb()));
            g.fillRect(r.x1(), r.y1(), r.x2() - r.x1(), r.y2() - r.y1());
        }
        g.dispose();
        String name = file.getFileName().toString();
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(img, name.endsWith(".png") ? "png" : "jpg", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes an image with one rectangle per class id in {@code classes} and its label file (images→labels). */
    public static Path labelled(Path image, int w, int h, Rect[] rects, int[] classes) {
        image(image, w, h, 100, rects);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rects.length; i++) {
            sb.append(rects[i].label(classes[i], w, h));
        }
        text(LabelFiles.labelPath(image), sb.toString());
        return image;
    }

    /** Writes a text file, creating folders. */
    public static Path text(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code root/data.yaml} with train/val folders and the given class names. */
    public static Path yaml(Path root, String... names) {
        return text(root.resolve("data.yaml"), "path: .\ntrain: images/train\nval: images/val\nnames: ["
                + String.join(", ", names) + "]\n");
    }

    /**
     * Writes Fashion-MNIST-shaped idx files (train and t10k) holding simple bright blobs, class = index mod 10,
     * so the generator can run without the real dataset.
     */
    public static Path tinyFashionMnist(Path dir, int trainCount, int testCount) {
        try {
            Files.createDirectories(dir);
            writeIdx(dir, "train", trainCount, 1);
            writeIdx(dir, "t10k", testCount, 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static void writeIdx(Path dir, String prefix, int n, long seed) throws IOException {
        Random rng = new Random(seed);
        try (DataOutputStream img = new DataOutputStream(new GZIPOutputStream(
                Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte.gz"))));
             DataOutputStream lab = new DataOutputStream(new GZIPOutputStream(
                Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))))) {
            img.writeInt(0x803);
            img.writeInt(n);
            img.writeInt(28);
            img.writeInt(28);
            lab.writeInt(0x801);
            lab.writeInt(n);
            for (int i = 0; i < n; i++) {
                int x1 = 2 + rng.nextInt(8);
                int y1 = 2 + rng.nextInt(8);
                int x2 = 18 + rng.nextInt(8);
                int y2 = 18 + rng.nextInt(8);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        boolean in = x >= x1 && x < x2 && y >= y1 && y < y2;
                        img.writeByte(in ? 120 + (x * 7 + y * 5) % 130 : 0);
                    }
                }
                lab.writeByte(i % 10);
            }
        }
    }
}
