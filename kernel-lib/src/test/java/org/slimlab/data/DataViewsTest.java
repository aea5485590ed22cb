package org.slimlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.TestData.Rect;
import tech.tablesaw.api.Table;

class DataViewsTest {
    @TempDir
    Path dir;

    private DetDataset dataset() {
        TestData.labelled(dir.resolve("images/train/a.png"), 256, 256,
                new Rect[] {new Rect(40, 60, 120, 200, 0x808080), new Rect(150, 20, 240, 90, 0x808080)},
                new int[] {0, 2});
        TestData.labelled(dir.resolve("images/train/b.png"), 256, 128,
                new Rect[] {new Rect(10, 10, 100, 100, 0x808080)}, new int[] {2});
        TestData.image(dir.resolve("images/train/c.png"), 64, 64, 100);
        TestData.yaml(dir, "cat", "dog", "bird");
        return DetDataset.load(dir.resolve("data.yaml"), "train");
    }

    @Test
    void gridDrawsEachImageWithItsBoxes() {
        DetDataset ds = dataset();
        BufferedImage all = DataViews.grid(ds, 10, 0);
        assertEquals(2 * 256, all.getWidth(), "three images: 2 columns");
        assertEquals(2 * 256, all.getHeight());
        BufferedImage one = DataViews.grid(ds, 1, 0);
        assertEquals(256, one.getWidth());
        BufferedImage again = DataViews.grid(ds, 1, 0);
        assertEquals(one.getRGB(128, 128), again.getRGB(128, 128));
        // image a drawn at scale 1 in the cell it lands in: its class-0 box edge carries the class colour
        int cell = -1;
        for (int k = 0; k < 3; k++) {
            int ox = (k % 2) * 256;
            int oy = (k / 2) * 256;
            if ((all.getRGB(ox + 40, oy + 130) & 0xFFFFFF) == (Colors.of(0).getRGB() & 0xFFFFFF)) {
                cell = k;
                assertEquals(Colors.of(2).getRGB(), all.getRGB(ox + 240, oy + 55), "class-2 box right edge");
                assertEquals(0x808080, all.getRGB(ox + 80, oy + 130) & 0xFFFFFF, "pixels inside stay");
            }
        }
        assertNotEquals(-1, cell, "the class-0 box of image a is drawn");
    }

    @Test
    void batchGridShowsTheBatchImagesAndTargets() {
        DetDataset ds = dataset();
        try (DetLoader loader = DetLoader.builder(ds).imgSize(128).batchSize(3).workers(0).build()) {
            DetBatch b = loader.iterator().next();
            BufferedImage g = DataViews.grid(b, ds.names());
            assertEquals(512, g.getWidth());
            assertEquals(Colors.of(0).getRGB(), g.getRGB(40, 128), "box of image a, left edge, scaled x2");
        }
    }

    @Test
    void classCountsCountObjectsAndImagesPerClass() {
        Table t = DataViews.classCounts(dataset());
        assertEquals(List.of("class", "name", "images", "objects"), t.columnNames());
        assertEquals(List.of("cat", "dog", "bird"), t.stringColumn("name").asList());
        assertEquals(List.of(1, 0, 2), t.intColumn("images").asList());
        assertEquals(List.of(1, 0, 2), t.intColumn("objects").asList());
    }
}
