package org.slimlab.slim;

import org.slimlab.SlimException;
import org.slimlab.model.YoloModel;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pruned model as a run directory, the unit every later step takes: {@code model.yaml} (resolved,
 * every width explicit, so it rebuilds without its parent), {@code weights/best.params} and
 * {@code weights/last.params} (the same pruned weights, as a trainer's run has them), and
 * {@code args.yaml} (the pruning arguments, the parent run and the figures).
 */
public final class PrunedRun {
    /** Arguments file of a run directory. */
    public static final String ARGS_YAML = "args.yaml";

    private PrunedRun() {
    }

    /** The weights file {@link YoloModel#load} would read from {@code dir}, or null. */
    public static Path weightsOf(Path dir) {
        for (String w : List.of(YoloModel.BEST_WEIGHTS, YoloModel.LAST_WEIGHTS)) {
            if (Files.isRegularFile(dir.resolve(w))) {
                return dir.resolve(w);
            }
        }
        return null;
    }

    /**
     * Writes the run directory (created if needed; an existing run there is refused).
     *
     * @param args what {@code args.yaml} records, in order
     */
    public static void save(Path dir, YoloModel pruned, Map<String, Object> args) {
        if (Files.exists(dir.resolve(YoloModel.MODEL_YAML))) {
            throw new SlimException(dir + " already holds a model; choose another --out");
        }
        pruned.spec().resolved().write(dir.resolve(YoloModel.MODEL_YAML));
        pruned.saveWeights(dir.resolve("weights/best.params"));
        pruned.saveWeights(dir.resolve("weights/last.params"));
        writeArgs(dir.resolve(ARGS_YAML), args);
    }

    /**
     * What a pruned run records of its parent run directory: {@code parent} (absolute),
     * {@code parent_weights} (relative), and the parent's {@code data}, {@code img} and {@code nc}
     * when it has them. A modifiable map, in that order.
     */
    public static Map<String, Object> parentArgs(Path parent) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("parent", parent.toAbsolutePath().normalize().toString());
        Path w = weightsOf(parent);
        a.put("parent_weights", w == null ? null : parent.relativize(w).toString());
        Map<String, Object> parentArgs = readArgs(parent);
        for (String k : new String[] {"data", "img", "nc"}) {
            if (parentArgs.containsKey(k)) {
                a.put(k, parentArgs.get(k));
            }
        }
        return a;
    }

    /** The {@code args.yaml} of a run directory as a map, or an empty map when it has none. */
    public static Map<String, Object> readArgs(Path dir) {
        Path f = dir.resolve(ARGS_YAML);
        if (!Files.isRegularFile(f)) {
            return Map.of();
        }
        try {
            Object o = new Yaml().load(Files.readString(f, StandardCharsets.UTF_8));
            if (!(o instanceof Map<?, ?> m)) {
                throw new SlimException(f + ": not a mapping of arguments");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (IOException e) {
            throw new SlimException("cannot read " + f + ": " + e.getMessage(), e);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new SlimException(f + ": " + e.getMessage().lines().findFirst().orElse("bad yaml"), e);
        }
    }

    private static void writeArgs(Path file, Map<String, Object> args) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setSplitLines(false);
        try {
            Files.writeString(file, new Yaml(o).dump(args), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlimException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
