package org.slimlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;
import org.slimlab.data.TestData.Rect;

class DetLoaderTest {
    @TempDir
    Path dir;

    /** {@code n} images of varied sizes, one or two rectangles each; every fifth is a background. */
    private DetDataset dataset(int n) {
        for (int i = 0; i < n; i++) {
            int w = 60 + 7 * i;
            int h = 90 - 3 * i;
            Path img = dir.resolve(String.format("images/train/%02d.png", i));
            if (i % 5 == 4) {
                TestData.image(img, w, h, 100);
            } else {
                TestData.labelled(img, w, h, new Rect[] {new Rect(5, 5, w / 2, h / 2, AugmentTest.COLORS[i % 4]),
                    new Rect(w / 2 + 2, h / 2 + 2, w - 3, h - 3, AugmentTest.COLORS[(i + 1) % 4])},
                        new int[] {i % 4, (i + 1) % 4});
            }
        }
        TestData.yaml(dir, "red", "green", "blue", "yellow");
        return DetDataset.load(dir.resolve("data.yaml"), "train");
    }

    private static List<DetBatch> pass(DetDataset ds, int workers, int epoch) {
        try (DetLoader loader = DetLoader.builder(ds).imgSize(64).batchSize(4).shuffle(true)
                .augment(Augment.defaults().withMosaic(0.5)).workers(workers).seed(42).build()) {
            loader.setEpoch(epoch);
            List<DetBatch> out = new ArrayList<>();
            loader.forEach(out::add);
            return out;
        }
    }

    private static void assertSame(List<DetBatch> a, List<DetBatch> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).images(), b.get(i).images(), 0f, "batch " + i);
            assertEquals(a.get(i).targets().length, b.get(i).targets().length, "batch " + i);
            for (int r = 0; r < a.get(i).targets().length; r++) {
                assertArrayEquals(a.get(i).targets()[r], b.get(i).targets()[r], 0f);
            }
            assertEquals(a.get(i).meta(), b.get(i).meta());
        }
    }

    @Test
    void sameSeedGivesTheSameBatchesForAnyNumberOfWorkers() {
        DetDataset ds = dataset(10);
        List<DetBatch> inline = pass(ds, 0, 3);
        assertSame(inline, pass(ds, 1, 3));
        assertSame(inline, pass(ds, 3, 3));
        List<DetBatch> other = pass(ds, 2, 4);
        assertFalse(Arrays.equals(inline.get(0).images(), other.get(0).images()), "a new epoch draws anew");
    }

    @Test
    void aPassCoversEveryImageOnceInBatchesWithTheBatchContract() {
        DetDataset ds = dataset(10);
        List<DetBatch> batches = pass(ds, 2, 0);
        assertEquals(List.of(4, 4, 2), batches.stream().map(DetBatch::n).toList());
        Set<Integer> seen = new TreeSet<>();
        List<Integer> order = new ArrayList<>();
        for (DetBatch b : batches) {
            assertEquals(b.n() * 3 * 64 * 64, b.images().length);
            assertEquals(64, b.h());
            assertEquals(64, b.w());
            for (float v : b.images()) {
                assertTrue(v >= 0 && v <= 1);
            }
            for (float[] t : b.targets()) {
                assertEquals(6, t.length);
                assertTrue(t[0] >= 0 && t[0] < b.n() && t[0] == Math.rint(t[0]));
                assertTrue(t[1] >= 0 && t[1] < 4);
                assertTrue(t[2] - t[4] / 2 >= -1e-6 && t[2] + t[4] / 2 <= 1 + 1e-6);
                assertTrue(t[3] - t[5] / 2 >= -1e-6 && t[3] + t[5] / 2 <= 1 + 1e-6);
            }
            b.meta().forEach(m -> {
                seen.add(m.index());
                order.add(m.index());
                assertEquals(ds.path(m.index()), m.path());
            });
        }
        assertEquals(10, seen.size());
        assertFalse(order.equals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), "shuffled");
        try (DetLoader plain = DetLoader.builder(ds).imgSize(64).batchSize(4).dropLast(true).workers(1).build()) {
            assertEquals(2, plain.batches());
            List<Integer> idx = new ArrayList<>();
            plain.forEach(b -> b.meta().forEach(m -> idx.add(m.index())));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), idx);
        }
    }

    @Test
    void closeStopsTheWorkerThreads() throws InterruptedException {
        DetDataset ds = dataset(6);
        Set<Thread> before = dataThreads();
        DetLoader loader = DetLoader.builder(ds).imgSize(64).batchSize(2).workers(2).prefetch(3).build();
        loader.iterator().next();
        Set<Thread> mine = dataThreads();
        mine.removeAll(before);
        assertEquals(2, mine.size());
        loader.close();
        for (Thread t : mine) {
            t.join(5000);
            assertFalse(t.isAlive(), t.getName());
        }
        assertThrows(IllegalStateException.class, loader::iterator);
    }

    private static Set<Thread> dataThreads() {
        Set<Thread> out = new java.util.HashSet<>();
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("slim-data-") && t.isAlive()).forEach(out::add);
        return out;
    }

    @Test
    void anImageThatBreaksAfterLoadingStopsTheLoaderWithItsName() throws Exception {
        DetDataset ds = dataset(6);
        Files.writeString(ds.path(2), "no longer a png");
        try (DetLoader loader = DetLoader.builder(ds).imgSize(64).batchSize(2).workers(2).build()) {
            var it = loader.iterator();
            it.next();
            SlimException e = assertThrows(SlimException.class, it::next);
            assertTrue(e.getMessage().startsWith(ds.path(2) + ": unreadable image"), e.getMessage());
        }
    }

    @Test
    void batchConvertsToNdArrays() {
        DetDataset ds = dataset(5);
        try (DetLoader loader = DetLoader.builder(ds).imgSize(32).batchSize(5).workers(0).build();
             NDManager m = NDManager.newBaseManager()) {
            DetBatch b = loader.iterator().next();
            NDArray images = b.imagesArray(m);
            NDArray targets = b.targetsArray(m);
            assertEquals(new Shape(5, 3, 32, 32), images.getShape());
            assertEquals(new Shape(8, 6), targets.getShape());
            assertArrayEquals(b.targets()[7], targets.get(7).toFloatArray(), 0f);
            assertEquals(b.images()[3 * 32 * 32 + 5], images.get(1, 0, 0, 5).getFloat(), 0f);
        }
    }

    @Test
    void badLoaderSettingsAreReported() {
        DetDataset ds = dataset(2);
        assertEquals("image size 100 must be a positive multiple of 32",
                assertThrows(SlimException.class, () -> DetLoader.builder(ds).imgSize(100)).getMessage());
        assertEquals("batch size must be positive, got 0",
                assertThrows(SlimException.class, () -> DetLoader.builder(ds).batchSize(0)).getMessage());
    }
}
