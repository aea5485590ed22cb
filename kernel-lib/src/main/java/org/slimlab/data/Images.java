package org.slimlab.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slimlab.SlimException;

/** Image files: which files a split holds, their size from the header, and decoding. */
final class Images {
    /** File extensions taken as images (JPEG, PNG and BMP through ImageIO). */
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    private Images() {
    }

    /** An image listed by a split: its path and, for .txt lists, where it was listed ({@code null} otherwise). */
    record Listed(Path image, String listedAt) {
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Lists the images of one split source: a folder (searched recursively, sorted), a .txt list (entries relative
     * to the list's folder) or a single image.
     */
    static List<Listed> list(Path source, Path yaml, String split) {
        if (Files.isDirectory(source)) {
            try (Stream<Path> s = Files.walk(source)) {
                return s.filter(p -> Files.isRegularFile(p) && isImage(p)).sorted()
                        .map(p -> new Listed(p, null)).toList();
            } catch (IOException e) {
                throw new SlimException(source + ": cannot list images (" + e.getMessage() + ")");
            }
        }
        if (!Files.isRegularFile(source)) {
            throw new SlimException(yaml + ": " + split + ": not found: " + source);
        }
        if (isImage(source)) {
            return List.of(new Listed(source, null));
        }
        if (!source.getFileName().toString().endsWith(".txt")) {
            throw new SlimException(yaml + ": " + split + ": " + source
                    + " is neither a folder, a .txt list nor an image");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(source);
        } catch (IOException e) {
            throw new SlimException(source + ": cannot read image list (" + e.getMessage() + ")");
        }
        List<Listed> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                out.add(new Listed(source.getParent().resolve(line).normalize(), source + ":" + (i + 1)));
            }
        }
        return out;
    }

    /** Width and height from the image header, without decoding the pixels. */
    static int[] size(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw unreadable(file, "not a JPEG, PNG or BMP file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw unreadable(file, "empty image " + w + "x" + h);
                }
                return new int[] {w, h};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SlimException se) {
                throw se;
            }
            throw unreadable(file, e.getMessage());
        }
    }

    /** Decodes an image to RGB. */
    static RgbImage read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e.getMessage());
        }
        if (img == null) {
            throw unreadable(file, "not a JPEG, PNG or BMP file");
        }
        return RgbImage.of(img);
    }

    private static SlimException unreadable(Path file, String why) {
        return new SlimException(file + ": unreadable image (" + (why == null ? "decoding failed" : why.strip()) + ")");
    }
}
