package org.slimlab.slim;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slimlab.SlimException;

/**
 * The settings of knowledge distillation from a trained teacher run, as {@code args.yaml} records them
 * ({@code teacher}, {@code kd_out}, {@code kd_feat}, {@code kd_feat_type}, {@code kd_levels}, {@code kd_t},
 * {@code kd_off_last}, {@code kd_obj}, {@code kd_box}, {@code kd_cls}). Immutable; the {@code with...} methods return
 * a changed copy.
 *
 * @param teacher the teacher's run directory (absolute)
 * @param outWeight weight of output distillation ({@link OutputKd}); 0 switches it off
 * @param featWeight weight of feature distillation ({@link FeatureKd}); 0 switches it off
 * @param featType channel-wise distillation or plain mimicking
 * @param levels rows whose outputs are distilled, the same in student and teacher; empty: each model's head inputs
 * @param temperature softening temperature of class logits, box distributions and channel distributions
 * @param offLast the last epochs train without distillation
 * @param parts weights of the parts of output distillation, inside {@code outWeight}
 */
public record DistillConfig(Path teacher, double outWeight, double featWeight, FeatureType featType, int[] levels,
        double temperature, int offLast, Parts parts) {

    /**
     * Relative weights of the three parts of output distillation ({@link OutputKd}): objectness, box and class for
     * anchor-based heads; for anchor-free heads {@code box} weighs the DFL distributions and {@code obj} is unused.
     * A part at 0 is not distilled: e.g. {@code box=0} leaves localisation to the labels alone.
     */
    public record Parts(double obj, double box, double cls) {
        /** Every part at weight 1. */
        public static final Parts ALL = new Parts(1, 1, 1);

        public Parts {
            check(obj >= 0 && box >= 0 && cls >= 0, "kd_parts", "must be >= 0, got obj=" + obj + ", box=" + box
                    + ", cls=" + cls);
            check(obj > 0 || box > 0 || cls > 0, "kd_parts", "are all 0: nothing to distil");
        }

        /**
         * The weights of {@code obj=W,box=W,cls=W} (parts left out stay at 1).
         *
         * @throws SlimException naming the item that is malformed
         */
        public static Parts parse(String text) {
            double[] w = {1, 1, 1};
            List<String> keys = List.of("obj", "box", "cls");
            for (String item : text.split(",")) {
                String[] kv = item.split("=", -1);
                int k = kv.length == 2 ? keys.indexOf(kv[0].trim()) : -1;
                if (k < 0) {
                    throw new SlimException("argument 'kd_parts': '" + item.trim() + "' is not obj=W, box=W or cls=W");
                }
                try {
                    w[k] = Double.parseDouble(kv[1].trim());
                } catch (NumberFormatException e) {
                    throw new SlimException("argument 'kd_parts': '" + item.trim() + "' has no number after '='");
                }
            }
            return new Parts(w[0], w[1], w[2]);
        }
    }

    /** How neck features are compared. */
    public enum FeatureType {
        /** Channel-wise distillation: per channel, a softmax over positions at the temperature, matched by KL. */
        CWD,
        /** Mean squared error between (adapted) student and teacher features. */
        MIMIC;

        /** The type named on the command line or in {@code args.yaml} ({@code cwd}, {@code mimic}). */
        public static FeatureType of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SlimException("argument 'kd_feat_type': unknown type '" + name + "' (cwd, mimic)");
            }
        }
    }

    /**
     * Default weight of output distillation. The anchor-based term of a young student is about ten times its whole
     * detection loss; at weight 0.1 the two are of one size and the labels keep their say. At weight 1 the student
     * copied the teacher's boxes and lost mAP50-95 on FashionDet; at 0.1 it gained 2 to 3 points (bench/README.md).
     */
    public static final double DEFAULT_OUT = 0.1;
    /** Default temperature. */
    public static final double DEFAULT_T = 2.0;

    public DistillConfig {
        if (teacher == null) {
            throw new SlimException("distillation: no teacher run given");
        }
        teacher = teacher.toAbsolutePath().normalize();
        check(outWeight >= 0, "kd_out", "must be >= 0, got " + outWeight);
        check(featWeight >= 0, "kd_feat", "must be >= 0, got " + featWeight);
        check(temperature > 0, "kd_t", "must be positive, got " + temperature);
        check(offLast >= 0, "kd_off_last", "must be 0 or more, got " + offLast);
        featType = featType == null ? FeatureType.CWD : featType;
        levels = levels == null ? new int[0] : levels.clone();
        parts = parts == null ? Parts.ALL : parts;
    }

    /** The settings with every part of output distillation at weight 1. */
    public DistillConfig(Path teacher, double outWeight, double featWeight, FeatureType featType, int[] levels,
            double temperature, int offLast) {
        this(teacher, outWeight, featWeight, featType, levels, temperature, offLast, Parts.ALL);
    }

    private static void check(boolean ok, String key, String message) {
        if (!ok) {
            throw new SlimException("argument '" + key + "' " + message);
        }
    }

    /** Output distillation from {@code teacher} at weight {@value #DEFAULT_OUT}, temperature {@value #DEFAULT_T}. */
    public static DistillConfig of(Path teacher) {
        return new DistillConfig(teacher, DEFAULT_OUT, 0, FeatureType.CWD, new int[0], DEFAULT_T, 0);
    }

    public DistillConfig withOut(double weight) {
        return new DistillConfig(teacher, weight, featWeight, featType, levels, temperature, offLast, parts);
    }

    /** Feature distillation at {@code weight} by {@code type}. */
    public DistillConfig withFeat(double weight, FeatureType type) {
        return new DistillConfig(teacher, outWeight, weight, type, levels, temperature, offLast, parts);
    }

    /** The rows to distil features from (empty: the head inputs of each model). */
    public DistillConfig withLevels(int... rows) {
        return new DistillConfig(teacher, outWeight, featWeight, featType, rows, temperature, offLast, parts);
    }

    public DistillConfig withTemperature(double t) {
        return new DistillConfig(teacher, outWeight, featWeight, featType, levels, t, offLast, parts);
    }

    /** Trains the last {@code epochs} epochs without distillation. */
    public DistillConfig withOffLast(int epochs) {
        return new DistillConfig(teacher, outWeight, featWeight, featType, levels, temperature, epochs, parts);
    }

    /** Output distillation with its parts weighted by {@code p}. */
    public DistillConfig withParts(Parts p) {
        return new DistillConfig(teacher, outWeight, featWeight, featType, levels, temperature, offLast, p);
    }

    @Override
    public int[] levels() {
        return levels.clone();
    }

    /**
     * This configuration, when it distils something.
     *
     * @throws SlimException when both weights are 0
     */
    public DistillConfig requireActive() {
        check(outWeight > 0 || featWeight > 0, "kd_out", "and kd_feat are both 0: nothing to distil");
        return this;
    }

    /** Whether distillation is switched off at {@code epoch} (from 0) of {@code epochs}. */
    public boolean offAt(int epoch, int epochs) {
        return epoch >= epochs - offLast;
    }

    /** The {@code args.yaml} entries. */
    public Map<String, Object> toArgs() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("teacher", teacher.toString());
        a.put("kd_out", outWeight);
        a.put("kd_feat", featWeight);
        a.put("kd_feat_type", featType.name().toLowerCase(Locale.ROOT));
        a.put("kd_levels", Arrays.stream(levels).boxed().toList());
        a.put("kd_t", temperature);
        a.put("kd_off_last", offLast);
        a.put("kd_obj", parts.obj());
        a.put("kd_box", parts.box());
        a.put("kd_cls", parts.cls());
        return a;
    }

    /**
     * The settings recorded in a run's arguments, or null when they name no {@code teacher}.
     *
     * @throws SlimException naming the argument that is malformed
     */
    public static DistillConfig fromArgs(Map<String, Object> args) {
        if (!(args.get("teacher") instanceof String t) || t.isBlank()) {
            return null;
        }
        return new DistillConfig(Path.of(t), number(args, "kd_out", DEFAULT_OUT), number(args, "kd_feat", 0),
                FeatureType.of(String.valueOf(args.getOrDefault("kd_feat_type", "cwd"))), rows(args.get("kd_levels")),
                number(args, "kd_t", DEFAULT_T), (int) number(args, "kd_off_last", 0),
                new Parts(number(args, "kd_obj", 1), number(args, "kd_box", 1), number(args, "kd_cls", 1)));
    }

    private static double number(Map<String, Object> args, String key, double fallback) {
        Object v = args.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw new SlimException("argument '" + key + "' must be a number, got '" + v + "'");
        }
        return n.doubleValue();
    }

    private static int[] rows(Object v) {
        if (v == null) {
            return new int[0];
        }
        if (!(v instanceof List<?> list) || !list.stream().allMatch(Integer.class::isInstance)) {
            throw new SlimException("argument 'kd_levels' must be a list of row numbers, got '" + v + "'");
        }
        return list.stream().mapToInt(o -> (Integer) o).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistillConfig d && d.teacher.equals(teacher) && d.outWeight == outWeight
                && d.featWeight == featWeight && d.featType == featType && Arrays.equals(d.levels, levels)
                && d.temperature == temperature && d.offLast == offLast && d.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return teacher.hashCode() * 31 + Arrays.hashCode(levels);
    }

    @Override
    public String toString() {
        return "DistillConfig" + toArgs();
    }
}
