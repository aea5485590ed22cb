package org.slimlab.data;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.slimlab.SlimException;

/**
 * One split of a YOLO-format detection dataset: its images, their labels and original sizes, checked up front.
 *
 * <p>Loading reads every label file and every image header (not the pixels), in parallel. Bad data (a malformed
 * label row, a class out of range, a missing or unreadable image) stops loading with a one-line
 * {@link SlimException} naming the file and line, unless {@code skipBad} is set: then the bad images are left out
 * and listed by {@link #skipped()}. An image without a label file is a background image: kept and counted.
 */
public final class DetDataset {
    private final DataYaml yaml;
    private final String split;
    private final List<Item> items;
    private final List<Skipped> skipped;

    /** A usable image: path, original size and objects. */
    private record Item(Path image, int width, int height, List<YoloLabel> labels) {
    }

    /** The outcome of checking one listed image: an item or the reason it is bad. */
    private record Scan(Item item, Skipped bad) {
    }

    private DetDataset(DataYaml yaml, String split, List<Item> items, List<Skipped> skipped) {
        this.yaml = yaml;
        this.split = split;
        this.items = items;
        this.skipped = skipped;
    }

    /** Loads {@code split} of the dataset described by the data yaml at {@code dataYaml}; bad data stops loading. */
    public static DetDataset load(Path dataYaml, String split) {
        return load(DataYaml.load(dataYaml), split, false);
    }

    /** Loads {@code split}; with {@code skipBad} bad images are left out and listed by {@link #skipped()}. */
    public static DetDataset load(Path dataYaml, String split, boolean skipBad) {
        return load(DataYaml.load(dataYaml), split, skipBad);
    }

    /** Loads {@code split} of an already read data yaml. */
    public static DetDataset load(DataYaml yaml, String split, boolean skipBad) {
        List<Images.Listed> listed = new ArrayList<>();
        for (Path source : yaml.sources(split)) {
            listed.addAll(Images.list(source, yaml.file(), split));
        }
        if (listed.isEmpty()) {
            throw new SlimException(yaml.file() + ": split '" + split + "' has no images in " + yaml.sources(split));
        }
        List<Scan> scans = IntStream.range(0, listed.size()).parallel()
                .mapToObj(i -> scan(listed.get(i), yaml.nc())).toList();
        List<Item> items = new ArrayList<>();
        List<Skipped> bad = new ArrayList<>();
        for (Scan s : scans) {
            if (s.item() != null) {
                items.add(s.item());
            } else {
                bad.add(s.bad());
            }
        }
        if (!bad.isEmpty() && !skipBad) {
            String more = bad.size() == 1 ? "" : " (first of " + bad.size() + " bad images in split '" + split
                    + "'; skip-bad leaves them out)";
            throw new SlimException(bad.get(0).reason() + more);
        }
        if (items.isEmpty()) {
            throw new SlimException(yaml.file() + ": split '" + split + "' has no usable images: all " + bad.size()
                    + " are bad, first: " + bad.get(0).reason());
        }
        return new DetDataset(yaml, split, List.copyOf(items), List.copyOf(bad));
    }

    private static Scan scan(Images.Listed listed, int nc) {
        Path image = listed.image();
        try {
            if (!Files.isRegularFile(image)) {
                String at = listed.listedAt() == null ? "" : " (listed at " + listed.listedAt() + ")";
                throw new SlimException(image + ": missing image" + at);
            }
            if (!Images.isImage(image)) {
                throw new SlimException(image + ": not an image file (extensions: " + Images.EXTENSIONS + ")");
            }
            int[] size = Images.size(image);
            List<YoloLabel> labels = LabelFiles.read(LabelFiles.labelPath(image), nc);
            return new Scan(new Item(image, size[0], size[1], labels), null);
        } catch (SlimException e) {
            return new Scan(null, new Skipped(image, e.getMessage()));
        }
    }

    /** Number of usable images. */
    public int size() {
        return items.size();
    }

    /** The objects of image {@code i} (empty for a background image). */
    public List<YoloLabel> labels(int i) {
        return items.get(i).labels();
    }

    /** The source file of image {@code i}. */
    public Path path(int i) {
        return items.get(i).image();
    }

    /** Original width of image {@code i} in pixels. */
    public int width(int i) {
        return items.get(i).width();
    }

    /** Original height of image {@code i} in pixels. */
    public int height(int i) {
        return items.get(i).height();
    }

    /** Image {@code i} decoded, as stored (original size). */
    public BufferedImage image(int i) {
        return rgb(i).toBufferedImage();
    }

    RgbImage rgb(int i) {
        return Images.read(path(i));
    }

    /** Class names, index = class id. */
    public List<String> names() {
        return yaml.names();
    }

    /** Number of classes. */
    public int nc() {
        return yaml.nc();
    }

    /** The split this dataset holds ("train", "val" or "test"). */
    public String split() {
        return split;
    }

    /** The data yaml it came from. */
    public DataYaml yaml() {
        return yaml;
    }

    /** Images left out as bad (only non-empty when loaded with skip-bad), each with its one-line reason. */
    public List<Skipped> skipped() {
        return skipped;
    }

    /** Number of background images (no objects). */
    public int backgrounds() {
        return (int) items.stream().filter(it -> it.labels().isEmpty()).count();
    }

    /** Total number of objects. */
    public int objects() {
        return items.stream().mapToInt(it -> it.labels().size()).sum();
    }

    /** One line: split, images, backgrounds, objects, classes and skipped count. */
    @Override
    public String toString() {
        return split + ": " + size() + " images (" + backgrounds() + " backgrounds), " + objects() + " objects, "
                + nc() + " classes" + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped");
    }
}
