package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;
import org.slimlab.data.Augment;

class HyperparametersTest {
    @TempDir
    Path dir;

    @Test
    void pairsAndFilesOverrideInOrderAndSplitBetweenConfigAndAugmentation() throws Exception {
        Path file = dir.resolve("hyp.yaml");
        Files.writeString(file, "lr0: 0.002\ncls: 2.0\nhsv_s: 0.3\n");
        Hyperparameters h = Hyperparameters.parse(List.of("cls=1.0", file.toString(), "mosaic = 0"));
        TrainConfig c = h.apply(TrainConfig.of());
        assertEquals(2.0, ((Number) c.toMap().get("cls")).doubleValue(), 0.0, "the later item wins");
        assertEquals(0.002, c.lr0(), 0.0);
        assertEquals(1.0, ((Number) c.toMap().get("obj")).doubleValue(), 0.0, "untouched keys keep defaults");
        Augment a = h.apply(Augment.defaults());
        assertEquals(0.3, a.hsvS(), 0.0);
        assertEquals(0.0, a.mosaic(), 0.0);
        assertEquals(Augment.defaults().scale(), a.scale(), 0.0);
        assertEquals(List.of("hsv_s", "mosaic"), h.augmentKeys());
        assertTrue(!h.apply(TrainConfig.of()).toMap().containsKey("mosaic"), "augmentation stays out of the config");
    }

    @Test
    void badItemsAreOneLineErrorsNamingTheirSource() throws Exception {
        SlimException unknown = assertThrows(SlimException.class, () -> Hyperparameters.parse(List.of("copy_paste=0.1")));
        assertTrue(unknown.getMessage().startsWith("--hyp copy_paste=0.1: unknown hyperparameter 'copy_paste' (known: "),
                unknown.getMessage());
        SlimException nan = assertThrows(SlimException.class, () -> Hyperparameters.parse(List.of("cls=high")));
        assertEquals("--hyp cls=high: cls must be a number, got 'high'", nan.getMessage());
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "box: 0.05\nfl_gamma: 1.5\n");
        SlimException inFile = assertThrows(SlimException.class, () -> Hyperparameters.parse(List.of(file.toString())));
        assertTrue(inFile.getMessage().startsWith(file + ": unknown hyperparameter 'fl_gamma'"), inFile.getMessage());
        Path missing = dir.resolve("nope.yaml");
        SlimException none = assertThrows(SlimException.class, () -> Hyperparameters.parse(List.of(missing.toString())));
        assertEquals("--hyp " + missing + ": not KEY=VALUE and not a readable yaml file", none.getMessage());
        Files.writeString(file, "- cls\n");
        SlimException list = assertThrows(SlimException.class, () -> Hyperparameters.parse(List.of(file.toString())));
        assertEquals(file + ": expected a mapping of hyperparameters (key: value)", list.getMessage());
    }
}
