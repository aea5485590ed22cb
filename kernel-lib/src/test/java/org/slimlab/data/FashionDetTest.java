package org.slimlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;

class FashionDetTest {
    @TempDir
    Path dir;

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void sameSeedWritesTheSameFilesWhateverTheThreads() throws IOException {
        Path src = TestData.tinyFashionMnist(dir.resolve("src"), 40, 20);
        FashionDet.Config c = FashionDet.Config.defaults().withSizes(12, 6).withImg(96).withSeed(3);
        FashionDet.Result a = FashionDet.generate(src, dir.resolve("a"), c.withThreads(1));
        FashionDet.Result b = FashionDet.generate(src, dir.resolve("b"), c.withThreads(3));
        FashionDet.generate(src, dir.resolve("c"), c.withSeed(4));
        List<Path> names = files(dir.resolve("a"));
        assertEquals(12 + 6, a.images());
        assertEquals(2 * 18 + 1, names.size(), "images, labels and data.yaml");
        assertEquals(names, files(dir.resolve("b")));
        assertEquals(a.objects(), b.objects());
        for (Path p : names) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(p)),
                    Files.readAllBytes(dir.resolve("b").resolve(p)), p.toString());
        }
        Path label = Path.of("labels/train/train_000000.txt");
        assertFalse(Files.readString(dir.resolve("a").resolve(label))
                .equals(Files.readString(dir.resolve("c").resolve(label))), "another seed, another scene");
    }

    @Test
    void boxesAreTightOnTheItemPixels() {
        FashionMnist src = FashionMnist.read(FashionMnist.DEFAULT_DIR, "t10k");
        for (int i = 0; i < 30; i++) {
            FashionScene.Scene scene = FashionScene.render(src, 128, 1, 1, Seeds.rng(5, 1, i));
            RgbImage bg = Backgrounds.paint(128, Seeds.rng(5, 1, i));
            assertEquals(1, scene.items().size());
            FashionScene.Item it = scene.items().get(0);
            boolean[] edge = new boolean[4];
            for (int y = 0; y < 128; y++) {
                for (int x = 0; x < 128; x++) {
                    boolean changed = false;
                    for (int c = 0; c < 3; c++) {
                        changed |= scene.image().get(x, y, c) != bg.get(x, y, c);
                    }
                    if (!changed) {
                        continue;
                    }
                    assertTrue(x >= it.x1() && x < it.x2() && y >= it.y1() && y < it.y2(),
                            "scene " + i + ": item pixel (" + x + "," + y + ") outside its box " + it);
                    edge[0] |= x == it.x1();
                    edge[1] |= y == it.y1();
                    edge[2] |= x == it.x2() - 1;
                    edge[3] |= y == it.y2() - 1;
                }
            }
            assertArrayEquals(new boolean[] {true, true, true, true}, edge,
                    "scene " + i + ": every box edge touches the item");
        }
    }

    @Test
    void itemsVaryInNumberAndSizeAndOverlapLittle() {
        FashionMnist src = FashionMnist.read(FashionMnist.DEFAULT_DIR, "t10k");
        int minSide = Integer.MAX_VALUE;
        int maxSide = 0;
        int most = 0;
        for (int i = 0; i < 40; i++) {
            List<FashionScene.Item> items = FashionScene.render(src, 256, 2, 6, Seeds.rng(9, 0, i)).items();
            assertTrue(items.size() >= 1 && items.size() <= 6);
            most = Math.max(most, items.size());
            for (int a = 0; a < items.size(); a++) {
                FashionScene.Item p = items.get(a);
                assertTrue(p.x1() >= 0 && p.y1() >= 0 && p.x2() <= 256 && p.y2() <= 256);
                minSide = Math.min(minSide, Math.max(p.x2() - p.x1(), p.y2() - p.y1()));
                maxSide = Math.max(maxSide, Math.max(p.x2() - p.x1(), p.y2() - p.y1()));
                for (int b = a + 1; b < items.size(); b++) {
                    FashionScene.Item q = items.get(b);
                    double iw = Math.max(0, Math.min(p.x2(), q.x2()) - Math.max(p.x1(), q.x1()));
                    double ih = Math.max(0, Math.min(p.y2(), q.y2()) - Math.max(p.y1(), q.y1()));
                    double inter = iw * ih;
                    assertTrue(inter / (p.area() + q.area() - inter) <= FashionScene.MAX_IOU + 1e-9);
                    assertTrue(inter / Math.min(p.area(), q.area()) <= FashionScene.MAX_COVER + 1e-9);
                }
            }
        }
        assertEquals(6, most);
        assertTrue(minSide < 40 && maxSide > 100, "item sizes " + minSide + ".." + maxSide);
    }

    @Test
    void aSmallFashionDetLoadsThroughDatasetAndLoader() {
        FashionDet.Result r = FashionDet.generate(FashionMnist.DEFAULT_DIR, dir.resolve("fd"),
                FashionDet.Config.defaults().withSizes(16, 8).withImg(128));
        assertEquals(24, r.images());
        DetDataset train = DetDataset.load(r.dataYaml(), "train");
        DetDataset val = DetDataset.load(r.dataYaml(), "val");
        assertEquals(16, train.size());
        assertEquals(8, val.size());
        assertEquals(r.trainObjects(), train.objects());
        assertEquals(r.valObjects(), val.objects());
        assertEquals(FashionMnist.CLASSES, train.names());
        assertEquals(128, train.width(0));
        assertEquals(dir.resolve("fd/images/val/val_000007.jpg"), val.path(7));
        try (DetLoader loader = DetLoader.builder(train).imgSize(128).batchSize(8).shuffle(true)
                .augment(Augment.defaults()).workers(2).build()) {
            int batches = 0;
            for (DetBatch b : loader) {
                assertEquals(8, b.n());
                assertTrue(b.targets().length > 0);
                batches++;
            }
            assertEquals(2, batches);
        }
    }

    @Test
    void missingSourceSaysHowToInstallIt() {
        SlimException e = assertThrows(SlimException.class,
                () -> FashionDet.generate(dir.resolve("nothing"), dir.resolve("out"), FashionDet.Config.defaults()));
        assertEquals("Fashion-MNIST not found: no train-images-idx3-ubyte.gz in " + dir.resolve("nothing")
                + "; install it with 'apt-get install dataset-fashion-mnist' or set FASHION_MNIST_DIR to its folder",
                e.getMessage());
    }

    @Test
    void rerunReplacesItsOwnFilesAndRefusesForeignOnes() throws IOException {
        Path src = TestData.tinyFashionMnist(dir.resolve("src"), 20, 10);
        Path out = dir.resolve("out");
        FashionDet.Config c = FashionDet.Config.defaults().withSizes(6, 3).withImg(64);
        FashionDet.generate(src, out, c);
        FashionDet.generate(src, out, c.withSizes(2, 1).withFormat("png"));
        assertEquals(List.of(Path.of("data.yaml"), Path.of("images/train/train_000000.png"),
                Path.of("images/train/train_000001.png"), Path.of("images/val/val_000000.png"),
                Path.of("labels/train/train_000000.txt"), Path.of("labels/train/train_000001.txt"),
                Path.of("labels/val/val_000000.txt")), files(out));
        Files.writeString(out.resolve("images/val/mine.jpg"), "x");
        assertEquals(out.resolve("images/val")
                + ": holds mine.jpg, not a FashionDet file; choose an empty --out folder",
                assertThrows(SlimException.class, () -> FashionDet.generate(src, out, c)).getMessage());
    }

    @Test
    void idxFilesAreReadAndCheckedForTheirMagic() throws IOException {
        Path src = TestData.tinyFashionMnist(dir.resolve("src"), 13, 5);
        FashionMnist m = FashionMnist.read(src, "train");
        assertEquals(13, m.size());
        assertEquals(28, m.rows());
        assertEquals(3, m.label(13 - 10));
        assertEquals(0, m.pixel(0, 0, 0));
        assertTrue(m.pixel(0, 14, 14) >= 120);
        Files.copy(src.resolve("t10k-labels-idx1-ubyte.gz"), src.resolve("t10k-images-idx3-ubyte.gz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(src.resolve("t10k-images-idx3-ubyte.gz") + ": not an idx file (magic 0x801, expected 0x803)",
                assertThrows(SlimException.class, () -> FashionMnist.read(src, "t10k")).getMessage());
    }
}
