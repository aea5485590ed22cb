package org.slimlab.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slimlab.SlimException;

/** YOLO label files: where an image's label file is, and parsing its {@code class cx cy w h} rows. */
public final class LabelFiles {
    private LabelFiles() {
    }

    /**
     * The label file of {@code image}: the last folder named {@code images} in its path becomes {@code labels} and
     * the extension becomes {@code .txt} (as Ultralytics). Without such a folder the label file sits beside the image.
     */
    public static Path labelPath(Path image) {
        String file = image.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String txt = (dot > 0 ? file.substring(0, dot) : file) + ".txt";
        Path dir = image.getParent();
        int n = dir == null ? 0 : dir.getNameCount();
        for (int k = n - 1; k >= 0; k--) {
            if (dir.getName(k).toString().equals("images")) {
                Path base = dir.getRoot() == null ? null : dir.getRoot();
                for (int i = 0; i < n; i++) {
                    String part = i == k ? "labels" : dir.getName(i).toString();
                    base = base == null ? Path.of(part) : base.resolve(part);
                }
                return base.resolve(txt);
            }
        }
        return dir == null ? Path.of(txt) : dir.resolve(txt);
    }

    /**
     * Parses a label file. A missing file means no objects (a background image). Bad rows are one-line
     * {@link SlimException}s naming {@code file:line}.
     *
     * @param nc number of classes, for the range check
     */
    public static List<YoloLabel> read(Path file, int nc) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new SlimException(file + ": cannot read label file (" + e.getMessage() + ")");
        }
        List<YoloLabel> out = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                out.add(parseRow(line, file, i + 1, nc));
            }
        }
        return out;
    }

    private static YoloLabel parseRow(String line, Path file, int lineNo, int nc) {
        String where = file + ":" + lineNo + ": ";
        String[] f = line.split("\\s+");
        if (f.length != 5) {
            throw new SlimException(where + "expected 5 values 'class cx cy w h', found " + f.length
                    + " in '" + line + "'");
        }
        double[] v = new double[5];
        for (int j = 0; j < 5; j++) {
            try {
                v[j] = Double.parseDouble(f[j]);
            } catch (NumberFormatException e) {
                throw new SlimException(where + "not a number: '" + f[j] + "'");
            }
            if (!Double.isFinite(v[j])) {
                throw new SlimException(where + "not a finite number: '" + f[j] + "'");
            }
        }
        if (v[0] != Math.rint(v[0])) {
            throw new SlimException(where + "class '" + f[0] + "' is not an integer");
        }
        if (v[0] < 0 || v[0] >= nc) {
            throw new SlimException(where + "class " + (long) v[0] + " out of range for nc=" + nc);
        }
        String[] names = {"", "cx", "cy", "w", "h"};
        for (int j = 1; j < 5; j++) {
            if (v[j] < 0 || v[j] > 1) {
                throw new SlimException(where + names[j] + " = " + f[j] + " is not normalised to 0..1");
            }
        }
        return new YoloLabel((int) v[0], (float) v[1], (float) v[2], (float) v[3], (float) v[4]);
    }
}
