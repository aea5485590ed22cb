package org.slimlab.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Looks at datasets in notebooks: image grids with boxes and class names, and per-class counts. */
public final class DataViews {
    private static final int CELL = 256;
    private static final Color BACKDROP = new Color(40, 40, 40);

    private DataViews() {
    }

    /** A grid of {@code n} images of {@code data} picked with {@code seed}, boxes and class names drawn. */
    public static BufferedImage grid(DetDataset data, int n, long seed) {
        int count = Math.min(n, data.size());
        int[] pick = pick(data.size(), count, seed);
        List<Tile> tiles = new ArrayList<>();
        for (int i : pick) {
            RgbImage img = data.rgb(i);
            float[][] boxes = Boxes.fromLabels(data.labels(i), img.width, img.height, 0, 0);
            tiles.add(new Tile(img, boxes));
        }
        return draw(tiles, data.names());
    }

    /** The images of a batch (as the model sees them, augmentation included) with their targets drawn. */
    public static BufferedImage grid(DetBatch batch, List<String> names) {
        List<Tile> tiles = new ArrayList<>();
        int plane = batch.h() * batch.w();
        for (int k = 0; k < batch.n(); k++) {
            RgbImage img = new RgbImage(batch.w(), batch.h());
            int base = k * 3 * plane;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    img.data[p * 3 + c] = (byte) Colors.clamp(batch.images()[base + c * plane + p] * 255);
                }
            }
            List<float[]> boxes = new ArrayList<>();
            for (float[] t : batch.targets()) {
                if ((int) t[0] == k) {
                    boxes.add(new float[] {t[1], (t[2] - t[4] / 2) * batch.w(), (t[3] - t[5] / 2) * batch.h(),
                        (t[2] + t[4] / 2) * batch.w(), (t[3] + t[5] / 2) * batch.h()});
                }
            }
            tiles.add(new Tile(img, boxes.toArray(new float[0][])));
        }
        return draw(tiles, names);
    }

    /** Per class: id, name, images containing it and objects, as a Tablesaw table. */
    public static Table classCounts(DetDataset data) {
        int[] objects = new int[data.nc()];
        int[] images = new int[data.nc()];
        for (int i = 0; i < data.size(); i++) {
            boolean[] seen = new boolean[data.nc()];
            for (YoloLabel l : data.labels(i)) {
                objects[l.cls()]++;
                seen[l.cls()] = true;
            }
            for (int c = 0; c < seen.length; c++) {
                images[c] += seen[c] ? 1 : 0;
            }
        }
        int[] ids = new int[data.nc()];
        for (int c = 0; c < ids.length; c++) {
            ids[c] = c;
        }
        return Table.create(data.split() + " class counts",
                IntColumn.create("class", ids),
                StringColumn.create("name", data.names()),
                IntColumn.create("images", images),
                IntColumn.create("objects", objects));
    }

    /** An image and its pixel boxes to draw in one grid cell. */
    private record Tile(RgbImage image, float[][] boxes) {
    }

    private static int[] pick(int size, int count, long seed) {
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        SplittableRandom rng = Seeds.rng(seed);
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(size - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = new int[count];
        System.arraycopy(idx, 0, out, 0, count);
        return out;
    }

    private static BufferedImage draw(List<Tile> tiles, List<String> names) {
        int cols = Math.max(1, (int) Math.ceil(Math.sqrt(tiles.size())));
        int rows = Math.max(1, (tiles.size() + cols - 1) / cols);
        BufferedImage out = new BufferedImage(cols * CELL, rows * CELL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(BACKDROP);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int t = 0; t < tiles.size(); t++) {
                drawTile(g, tiles.get(t), names, (t % cols) * CELL, (t / cols) * CELL);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawTile(Graphics2D g, Tile tile, List<String> names, int ox, int oy) {
        Letterbox lb = Letterbox.of(tile.image().width, tile.image().height, CELL);
        g.drawImage(lb.apply(tile.image()).toBufferedImage(), ox, oy, null);
        g.setStroke(new BasicStroke(2));
        FontMetrics fm = g.getFontMetrics();
        for (float[] b : tile.boxes()) {
            int cls = (int) b[0];
            int x1 = ox + (int) Math.round(lb.toLetterboxX(b[1]));
            int y1 = oy + (int) Math.round(lb.toLetterboxY(b[2]));
            int x2 = ox + (int) Math.round(lb.toLetterboxX(b[3]));
            int y2 = oy + (int) Math.round(lb.toLetterboxY(b[4]));
            g.setColor(Colors.of(cls));
            g.drawRect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
            String name = cls >= 0 && cls < names.size() ? names.get(cls) : String.valueOf(cls);
            int tw = fm.stringWidth(name) + 4;
            int ty = Math.max(oy, y1 - fm.getHeight());
            g.fillRect(x1, ty, tw, fm.getHeight());
            g.setColor(Color.WHITE);
            g.drawString(name, x1 + 2, ty + fm.getAscent());
        }
    }
}
