package org.slimlab.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.slimlab.SlimException;

/**
 * One split of Fashion-MNIST read from its idx files (gzip or plain): 28x28 grayscale items and class ids.
 * The default folder is where Debian's {@code dataset-fashion-mnist} package installs them.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Environment variable that overrides {@link #DEFAULT_DIR}. */
    public static final String ENV = "FASHION_MNIST_DIR";
    /** The ten class names, index = class id. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] pixels;
    private final byte[] labels;

    private FashionMnist(int count, int rows, int cols, byte[] pixels, byte[] labels) {
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** The source folder: {@code override} if given, else {@code $FASHION_MNIST_DIR}, else {@link #DEFAULT_DIR}. */
    public static Path locate(Path override) {
        if (override != null) {
            return override;
        }
        String env = System.getenv(ENV);
        return env == null || env.isBlank() ? DEFAULT_DIR : Path.of(env);
    }

    /**
     * Reads a split: {@code "train"} (60,000 items) or {@code "t10k"} (10,000) from {@code dir}; missing files are a
     * one-line {@link SlimException} saying how to install them.
     */
    public static FashionMnist read(Path dir, String prefix) {
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labelFile = find(dir, prefix + "-labels-idx1-ubyte");
        try (DataInputStream in = open(images)) {
            int n = header(in, images, 0x803);
            int r = in.readInt();
            int c = in.readInt();
            byte[] px = new byte[Math.multiplyExact(n, r * c)];
            in.readFully(px);
            byte[] lab = readLabels(labelFile, n);
            return new FashionMnist(n, r, c, px, lab);
        } catch (EOFException e) {
            throw new SlimException(images + ": truncated idx file");
        } catch (IOException e) {
            throw new SlimException(images + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static byte[] readLabels(Path file, int expected) throws IOException {
        try (DataInputStream in = open(file)) {
            int n = header(in, file, 0x801);
            if (n != expected) {
                throw new SlimException(file + ": " + n + " labels for " + expected + " images");
            }
            byte[] lab = new byte[n];
            in.readFully(lab);
            for (int i = 0; i < n; i++) {
                if (lab[i] < 0 || lab[i] >= CLASSES.size()) {
                    throw new SlimException(file + ": label " + lab[i] + " of item " + i + " is not a class 0..9");
                }
            }
            return lab;
        } catch (EOFException e) {
            throw new SlimException(file + ": truncated idx file");
        }
    }

    private static Path find(Path dir, String base) {
        for (Path p : List.of(dir.resolve(base + ".gz"), dir.resolve(base))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new SlimException("Fashion-MNIST not found: no " + base + ".gz in " + dir
                + "; install it with 'apt-get install dataset-fashion-mnist' or set " + ENV + " to its folder");
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        if (p.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }

    private static int header(DataInputStream in, Path file, int magic) throws IOException {
        int m = in.readInt();
        if (m != magic) {
            throw new SlimException(file + ": not an idx file (magic 0x" + Integer.toHexString(m) + ", expected 0x"
                    + Integer.toHexString(magic) + ")");
        }
        int n = in.readInt();
        if (n <= 0) {
            throw new SlimException(file + ": idx file holds no items");
        }
        return n;
    }

    /** Number of items. */
    public int size() {
        return count;
    }

    /** Item height in pixels (28). */
    public int rows() {
        return rows;
    }

    /** Item width in pixels (28). */
    public int cols() {
        return cols;
    }

    /** Class id of item {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Gray value 0..255 of item {@code i} at (x, y); 0 is the black background. */
    public int pixel(int i, int x, int y) {
        return pixels[(i * rows + y) * cols + x] & 0xFF;
    }
}
