package org.slimlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;

class DataYamlTest {
    @TempDir
    Path dir;

    @Test
    void namesAsListOrMapAndRelativePathAgainstYamlFolder() {
        Path a = TestData.text(dir.resolve("cfg/a.yaml"), "path: ../sets/x\ntrain: images/train\nval: [v1, v2.txt]\n"
                + "nc: 2\nnames: [cat, dog]\n");
        DataYaml y = DataYaml.load(a);
        assertEquals(dir.resolve("sets/x").toAbsolutePath().normalize(), y.root());
        assertEquals(List.of("cat", "dog"), y.names());
        assertEquals(List.of(y.root().resolve("images/train")), y.sources("train"));
        assertEquals(List.of(y.root().resolve("v1"), y.root().resolve("v2.txt")), y.sources("val"));

        Path b = TestData.text(dir.resolve("b.yaml"), "train: t\nval: v\nnames:\n  0: person\n  1: car\n  2: bike\n");
        DataYaml yb = DataYaml.load(b);
        assertEquals(dir.toAbsolutePath().normalize(), yb.root());
        assertEquals(List.of("person", "car", "bike"), yb.names());
        assertEquals(3, yb.nc());

        Path c = TestData.text(dir.resolve("c.yaml"), "train: t\nval: v\nnc: 3\n");
        assertEquals(List.of("class0", "class1", "class2"), DataYaml.load(c).names());
    }

    @Test
    void repositoryDataYamlDescribesFashionDetBesideIt() {
        Path yaml = Path.of("..", "data", "fashion-det.yaml");
        DataYaml y = DataYaml.load(yaml);
        assertEquals(yaml.toAbsolutePath().normalize().getParent().resolve("fashion-det"), y.root());
        assertEquals(FashionMnist.CLASSES, y.names());
        assertEquals(List.of(y.root().resolve("images/val")), y.sources("val"));
    }

    @Test
    void missingKeysNameFileAndKey() {
        for (String key : List.of("train", "val", "names")) {
            StringBuilder sb = new StringBuilder("path: .\n");
            for (String k : List.of("train", "val")) {
                if (!k.equals(key)) {
                    sb.append(k).append(": images/").append(k).append('\n');
                }
            }
            if (!key.equals("names")) {
                sb.append("names: [a]\n");
            }
            Path f = TestData.text(dir.resolve("no-" + key + ".yaml"), sb.toString());
            SlimException e = assertThrows(SlimException.class, () -> DataYaml.load(f));
            assertEquals(f + ": missing key '" + key + "'", e.getMessage());
        }
    }

    @Test
    void inconsistentOrBrokenYamlIsReported() {
        Path mismatch = TestData.text(dir.resolve("m.yaml"), "train: t\nval: v\nnc: 3\nnames: [a, b]\n");
        assertEquals(mismatch + ": nc is 3 but 'names' has 2 entries",
                assertThrows(SlimException.class, () -> DataYaml.load(mismatch)).getMessage());
        Path gap = TestData.text(dir.resolve("g.yaml"), "train: t\nval: v\nnames: {0: a, 2: c}\n");
        assertTrue(assertThrows(SlimException.class, () -> DataYaml.load(gap)).getMessage()
                .contains("id 1 is missing"));
        Path bad = TestData.text(dir.resolve("bad.yaml"), "train: [t\n");
        assertTrue(assertThrows(SlimException.class, () -> DataYaml.load(bad)).getMessage()
                .startsWith(bad + ": not valid YAML"));
        Path none = dir.resolve("none.yaml");
        assertEquals(none + ": data yaml not found",
                assertThrows(SlimException.class, () -> DataYaml.load(none)).getMessage());
        Path noTest = TestData.text(dir.resolve("n.yaml"), "train: t\nval: v\nnames: [a]\n");
        assertEquals(noTest + ": no 'test' split",
                assertThrows(SlimException.class, () -> DataYaml.load(noTest).sources("test")).getMessage());
    }
}
