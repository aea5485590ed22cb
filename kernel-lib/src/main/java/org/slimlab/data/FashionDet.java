package org.slimlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slimlab.SlimException;

/**
 * FashionDet: a detection dataset composed from Fashion-MNIST. Each image holds several items (2 to 6 by
 * default) at scales from 24 to 128 px per 256 px of image, tinted, overlapping little (IoU at most 0.3), on
 * procedural backgrounds; each box is the tight box of the item's scaled mask. The train split draws items from
 * Fashion-MNIST's train set, val from its t10k set. The same seed writes the same files.
 *
 * <p>Layout written under the output folder: {@code images/{train,val}/<split>_NNNNNN.jpg},
 * {@code labels/{train,val}/<split>_NNNNNN.txt} and {@code data.yaml} (with {@code path: .}).
 */
public final class FashionDet {
    private static final Pattern OWN_FILE = Pattern.compile("(train|val)_\\d{6}\\.(jpg|png|txt)");

    private FashionDet() {
    }

    /**
     * Generation settings.
     *
     * @param train    images in the train split
     * @param val      images in the val split
     * @param img      image side in pixels
     * @param seed     random seed
     * @param format   "jpg" or "png"
     * @param minItems fewest items per image
     * @param maxItems most items per image (fewer when they cannot be placed without overlapping too much)
     * @param threads  threads rendering and writing images
     */
    public record Config(int train, int val, int img, long seed, String format, int minItems, int maxItems,
                         int threads) {
        /** Checks the settings; a bad one is a {@link SlimException}. */
        public Config {
            if (train < 1 || val < 1) {
                throw new SlimException("fashion-det: --train and --val must be at least 1, got "
                        + train + " and " + val);
            }
            if (img < 32 || img > 4096) {
                throw new SlimException("fashion-det: --img must be 32..4096, got " + img);
            }
            if (!format.equals("jpg") && !format.equals("png")) {
                throw new SlimException("fashion-det: format must be jpg or png, got " + format);
            }
            if (minItems < 1 || maxItems < minItems) {
                throw new SlimException("fashion-det: items per image must satisfy 1 <= min <= max, got "
                        + minItems + ".." + maxItems);
            }
            if (threads < 1) {
                throw new SlimException("fashion-det: threads must be at least 1, got " + threads);
            }
        }

        /** The full dataset: 8000 train and 1000 val images of 256 px, seed 0, JPEG, 2 to 6 items, all cores. */
        public static Config defaults() {
            return new Config(8000, 1000, 256, 0, "jpg", 2, 6, Runtime.getRuntime().availableProcessors());
        }

        public Config withSizes(int trainImages, int valImages) {
            return new Config(trainImages, valImages, img, seed, format, minItems, maxItems, threads);
        }

        public Config withImg(int px) {
            return new Config(train, val, px, seed, format, minItems, maxItems, threads);
        }

        public Config withSeed(long s) {
            return new Config(train, val, img, s, format, minItems, maxItems, threads);
        }

        public Config withFormat(String f) {
            return new Config(train, val, img, seed, f, minItems, maxItems, threads);
        }

        public Config withItems(int min, int max) {
            return new Config(train, val, img, seed, format, min, max, threads);
        }

        public Config withThreads(int n) {
            return new Config(train, val, img, seed, format, minItems, maxItems, n);
        }
    }

    /**
     * What was written.
     *
     * @param dataYaml     the data yaml of the new dataset
     * @param trainImages  train images
     * @param valImages    val images
     * @param trainObjects objects in the train split
     * @param valObjects   objects in the val split
     * @param seconds      wall time
     */
    public record Result(Path dataYaml, int trainImages, int valImages, int trainObjects, int valObjects,
                         double seconds) {
        /** All images. */
        public int images() {
            return trainImages + valImages;
        }

        /** All objects. */
        public int objects() {
            return trainObjects + valObjects;
        }
    }

    /**
     * Writes FashionDet into {@code out} from the Fashion-MNIST files in {@code source} (see
     * {@link FashionMnist#locate}). Files of an earlier run in {@code out} are replaced; a split folder holding
     * other files is refused.
     */
    public static Result generate(Path source, Path out, Config config) {
        long t0 = System.nanoTime();
        FashionMnist trainSrc = FashionMnist.read(source, "train");
        FashionMnist valSrc = FashionMnist.read(source, "t10k");
        prepare(out);
        ExecutorService pool = Executors.newFixedThreadPool(config.threads());
        try {
            int trainObjects = split(pool, trainSrc, out, "train", 0, config.train(), config);
            int valObjects = split(pool, valSrc, out, "val", 1, config.val(), config);
            Path yaml = out.resolve("data.yaml");
            Files.writeString(yaml, dataYaml(config));
            return new Result(yaml, config.train(), config.val(), trainObjects, valObjects,
                    (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new SlimException(out + ": cannot write dataset (" + e.getMessage() + ")");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void prepare(Path out) {
        for (String kind : List.of("images", "labels")) {
            for (String split : List.of("train", "val")) {
                Path dir = out.resolve(kind).resolve(split);
                try {
                    Files.createDirectories(dir);
                    List<Path> files;
                    try (Stream<Path> s = Files.list(dir)) {
                        files = s.toList();
                    }
                    for (Path f : files) {
                        if (!OWN_FILE.matcher(f.getFileName().toString()).matches()) {
                            throw new SlimException(dir + ": holds " + f.getFileName()
                                    + ", not a FashionDet file; choose an empty --out folder");
                        }
                    }
                    for (Path f : files) {
                        Files.delete(f);
                    }
                } catch (IOException e) {
                    throw new SlimException(dir + ": cannot prepare folder (" + e.getMessage() + ")");
                }
            }
        }
    }

    private static int split(ExecutorService pool, FashionMnist src, Path out, String split, int splitId, int n,
                             Config c) {
        int chunk = 32;
        List<Future<Integer>> jobs = new ArrayList<>();
        for (int from = 0; from < n; from += chunk) {
            int start = from;
            int end = Math.min(n, from + chunk);
            jobs.add(pool.submit(() -> {
                ImageWriter jpeg = ImageIO.getImageWritersByFormatName("jpeg").next();
                try {
                    int objects = 0;
                    for (int i = start; i < end; i++) {
                        objects += writeOne(src, out, split, splitId, i, c, jpeg);
                    }
                    return objects;
                } finally {
                    jpeg.dispose();
                }
            }));
        }
        int total = 0;
        try {
            for (Future<Integer> f : jobs) {
                total += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlimException("fashion-det: interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SlimException se) {
                throw se;
            }
            throw new SlimException("fashion-det: " + split + " failed (" + e.getCause() + ")", e.getCause());
        }
        return total;
    }

    private static int writeOne(FashionMnist src, Path out, String split, int splitId, int i, Config c,
                                ImageWriter jpeg) {
        FashionScene.Scene scene = FashionScene.render(src, c.img(), c.minItems(), c.maxItems(),
                Seeds.rng(c.seed(), splitId, i));
        String stem = String.format(Locale.ROOT, "%s_%06d", split, i);
        Path image = out.resolve("images").resolve(split).resolve(stem + "." + c.format());
        Path label = out.resolve("labels").resolve(split).resolve(stem + ".txt");
        try {
            Files.write(image, encode(scene.image(), c.format(), jpeg));
            Files.writeString(label, scene.items().stream().map(it -> labelRow(it, c.img()))
                    .collect(Collectors.joining()));
        } catch (IOException e) {
            throw new SlimException(image + ": cannot write (" + e.getMessage() + ")");
        }
        return scene.items().size();
    }

    private static String labelRow(FashionScene.Item it, int size) {
        double s = size;
        return String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f%n", it.cls(), (it.x1() + it.x2()) / 2.0 / s,
                (it.y1() + it.y2()) / 2.0 / s, (it.x2() - it.x1()) / s, (it.y2() - it.y1()) / s);
    }

    private static byte[] encode(RgbImage img, String format, ImageWriter jpeg) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(img.data.length / 4);
        if (format.equals("png")) {
            ImageIO.write(img.toBufferedImage(), "png", bytes);
            return bytes.toByteArray();
        }
        try (ImageOutputStream os = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam p = jpeg.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.92f);
            jpeg.setOutput(os);
            jpeg.write(null, new IIOImage(img.toBufferedImage(), null, null), p);
        }
        return bytes.toByteArray();
    }

    private static String dataYaml(Config c) {
        String names = FashionMnist.CLASSES.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
        return "# FashionDet: Fashion-MNIST items composed into detection scenes.\n"
                + String.format(Locale.ROOT, "# ./slim data fashion-det --train %d --val %d --img %d --seed %d%n",
                        c.train(), c.val(), c.img(), c.seed())
                + "path: .  # relative to this file's folder\n"
                + "train: images/train\n"
                + "val: images/val\n"
                + "nc: " + FashionMnist.CLASSES.size() + "\n"
                + "names: [" + names + "]\n";
    }
}
