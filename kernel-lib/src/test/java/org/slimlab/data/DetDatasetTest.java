package org.slimlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;
import org.slimlab.data.TestData.Rect;

class DetDatasetTest {
    @TempDir
    Path dir;

    private Path image(String split, String name) {
        return dir.resolve("images").resolve(split).resolve(name);
    }

    private Path good(String split, String name) {
        return TestData.labelled(image(split, name), 40, 30, new Rect[] {new Rect(4, 6, 20, 26, 0xFF0000)},
                new int[] {1});
    }

    private SlimException loadFails(String split) {
        return assertThrows(SlimException.class, () -> DetDataset.load(dir.resolve("data.yaml"), split));
    }

    @Test
    void loadsFolderWithLabelsSizesAndBackgroundImages() {
        TestData.yaml(dir, "a", "b", "c");
        good("train", "x1.png");
        TestData.labelled(image("train", "sub/x2.jpg"), 64, 48,
                new Rect[] {new Rect(0, 0, 32, 24, 0x00FF00), new Rect(30, 20, 64, 48, 0x0000FF)}, new int[] {0, 2});
        TestData.image(image("train", "x3.png"), 20, 10, 50);
        DetDataset ds = DetDataset.load(dir.resolve("data.yaml"), "train");
        assertEquals(3, ds.size());
        assertEquals(1, ds.backgrounds());
        assertEquals(3, ds.objects());
        assertEquals(List.of("a", "b", "c"), ds.names());
        assertEquals(List.of(image("train", "sub/x2.jpg"), image("train", "x1.png"), image("train", "x3.png")),
                List.of(ds.path(0), ds.path(1), ds.path(2)));
        assertEquals(64, ds.width(0));
        assertEquals(48, ds.height(0));
        YoloLabel l = ds.labels(0).get(1);
        assertEquals(2, l.cls());
        assertEquals(30, l.x1(64), 1e-4);
        assertEquals(20, l.y1(48), 1e-4);
        assertEquals(64, l.x2(64), 1e-4);
        assertEquals(48, l.y2(48), 1e-4);
        assertEquals(List.of(), ds.labels(2));
        BufferedImage img = ds.image(1);
        assertEquals(40, img.getWidth());
        assertEquals(0xFF0000, img.getRGB(10, 10) & 0xFFFFFF);
        assertEquals("train: 3 images (1 backgrounds), 3 objects, 3 classes", ds.toString());
    }

    @Test
    void txtListResolvesEntriesAgainstItsFolder() {
        good("val", "a.png");
        good("val", "b.png");
        TestData.text(dir.resolve("val.txt"), "./images/val/b.png\nimages/val/a.png\n\n");
        TestData.text(dir.resolve("data.yaml"), "train: val.txt\nval: val.txt\nnames: [a, b]\n");
        DetDataset ds = DetDataset.load(dir.resolve("data.yaml"), "val");
        assertEquals(List.of(image("val", "b.png"), image("val", "a.png")), List.of(ds.path(0), ds.path(1)));
        assertEquals(1, ds.labels(0).get(0).cls());
    }

    @Test
    void labelPathReplacesTheLastImagesFolder() {
        assertEquals(Path.of("/d/images/x/labels/train/a.b.txt"),
                LabelFiles.labelPath(Path.of("/d/images/x/images/train/a.b.jpg")));
        assertEquals(Path.of("rel/labels/p.txt"), LabelFiles.labelPath(Path.of("rel/images/p.png")));
        assertEquals(Path.of("/d/pics/p.txt"), LabelFiles.labelPath(Path.of("/d/pics/p.png")));
        assertEquals(Path.of("/d/images_x/p.txt"), LabelFiles.labelPath(Path.of("/d/images_x/p.png")));
    }

    @Test
    void malformedLabelLinesNameFileAndLine() {
        TestData.yaml(dir, "a", "b");
        Path img = good("train", "m.png");
        Path label = LabelFiles.labelPath(img);
        TestData.text(label, "1 0.5 0.5 0.2 0.2\n\n0 0.5 0.5 0.2\n");
        assertEquals(label + ":3: expected 5 values 'class cx cy w h', found 4 in '0 0.5 0.5 0.2'",
                loadFails("train").getMessage());
        TestData.text(label, "1 0.5 zero 0.2 0.2\n");
        assertEquals(label + ":1: not a number: 'zero'", loadFails("train").getMessage());
        TestData.text(label, "1 0.5 0.5 1.2 0.2\n");
        assertEquals(label + ":1: w = 1.2 is not normalised to 0..1", loadFails("train").getMessage());
        TestData.text(label, "0.5 0.5 0.5 0.2 0.2\n");
        assertEquals(label + ":1: class '0.5' is not an integer", loadFails("train").getMessage());
    }

    @Test
    void classOutOfRangeNamesValueAndNc() {
        TestData.yaml(dir, "a", "b", "c");
        Path label = LabelFiles.labelPath(good("train", "c.png"));
        TestData.text(label, "0 0.5 0.5 0.2 0.2\n12 0.5 0.5 0.2 0.2\n");
        assertEquals(label + ":2: class 12 out of range for nc=3", loadFails("train").getMessage());
        TestData.text(label, "-1 0.5 0.5 0.2 0.2\n");
        assertEquals(label + ":1: class -1 out of range for nc=3", loadFails("train").getMessage());
    }

    @Test
    void missingAndUnreadableImagesAreNamed() throws Exception {
        good("train", "ok.png");
        TestData.text(dir.resolve("train.txt"), "images/train/ok.png\nimages/train/gone.png\n");
        TestData.text(dir.resolve("data.yaml"), "train: train.txt\nval: images/val\nnames: [a, b]\n");
        assertEquals(image("train", "gone.png") + ": missing image (listed at " + dir.resolve("train.txt") + ":2)",
                loadFails("train").getMessage());

        TestData.yaml(dir, "a", "b");
        Files.writeString(image("train", "broken.jpg"), "this is not a jpeg");
        assertEquals(image("train", "broken.jpg") + ": unreadable image (not a JPEG, PNG or BMP file)",
                loadFails("train").getMessage());
    }

    @Test
    void emptyOrMissingSplitIsReported() throws Exception {
        TestData.yaml(dir, "a");
        good("train", "a.png");
        Files.createDirectories(dir.resolve("images/val"));
        SlimException e = loadFails("val");
        assertTrue(e.getMessage().startsWith(dir.resolve("data.yaml") + ": split 'val' has no images in "),
                e.getMessage());
        TestData.text(dir.resolve("data.yaml"), "train: images/train\nval: images/nowhere\nnames: [a]\n");
        assertEquals(dir.resolve("data.yaml") + ": val: not found: " + dir.resolve("images/nowhere"),
                loadFails("val").getMessage());
    }

    @Test
    void skipBadListsEverySkippedImageWithItsReason() throws Exception {
        TestData.yaml(dir, "a", "b");
        good("train", "1.png");
        Path bad1 = good("train", "2.png");
        TestData.text(LabelFiles.labelPath(bad1), "5 0.5 0.5 0.1 0.1\n");
        good("train", "3.png");
        Path bad2 = image("train", "4.png");
        Files.writeString(bad2, "garbage");
        SlimException stop = loadFails("train");
        assertEquals(LabelFiles.labelPath(bad1) + ":1: class 5 out of range for nc=2 (first of 2 bad images in split "
                + "'train'; skip-bad leaves them out)", stop.getMessage());

        DetDataset ds = DetDataset.load(dir.resolve("data.yaml"), "train", true);
        assertEquals(2, ds.size());
        assertEquals(List.of(image("train", "1.png"), image("train", "3.png")), List.of(ds.path(0), ds.path(1)));
        assertEquals(2, ds.skipped().size());
        assertEquals(bad1, ds.skipped().get(0).image());
        assertEquals(LabelFiles.labelPath(bad1) + ":1: class 5 out of range for nc=2", ds.skipped().get(0).reason());
        assertEquals(bad2 + ": unreadable image (not a JPEG, PNG or BMP file)", ds.skipped().get(1).toString());
        assertTrue(ds.toString().endsWith(", 2 skipped"));
    }

    @Test
    void skipBadStillStopsWhenNothingIsLeft() throws Exception {
        TestData.yaml(dir, "a");
        Files.createDirectories(dir.resolve("images/train"));
        Files.writeString(image("train", "x.png"), "garbage");
        SlimException e = assertThrows(SlimException.class,
                () -> DetDataset.load(dir.resolve("data.yaml"), "train", true));
        assertEquals(dir.resolve("data.yaml") + ": split 'train' has no usable images: all 1 are bad, first: "
                + image("train", "x.png") + ": unreadable image (not a JPEG, PNG or BMP file)", e.getMessage());
    }
}
