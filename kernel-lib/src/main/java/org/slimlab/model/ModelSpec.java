package org.slimlab.model;

import org.slimlab.SlimException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model as its yaml describes it, in Ultralytics/YOLOv7 form: {@code nc}, {@code depth_multiple},
 * {@code width_multiple} or {@code scales}, {@code anchors}, {@code backbone} and {@code head} rows.
 * Immutable: every edit returns a new spec.
 *
 * <p>Two SlimLab extensions keep a pruned model describable in the same file:
 * <ul>
 *   <li>{@code channel_divisor: 1} takes output widths literally (Ultralytics rounds
 *       {@code c2·width_multiple} up to a multiple of 8, the default divisor);</li>
 *   <li>a row may carry a fifth element, a flow map of explicit inner widths keyed by the child's
 *       name inside the module, e.g. {@code [-1, 1, C3, [128], {cv1: 40, cv2: 48, m.0.cv1: 24}]}.
 *       Values are output channels, taken literally; a missing key keeps its default. Each module
 *       lists its keys in {@link ModuleRegistry}.</li>
 * </ul>
 * {@link #resolved()} writes both: multiples 1.0, divisor 1, every width explicit.
 */
public final class ModelSpec {
    /** Ultralytics rounds scaled widths up to a multiple of this. */
    public static final int DEFAULT_DIVISOR = 8;

    private final String name;
    private final String source;
    private final String header;
    private final int nc;
    private final double depthMultiple;
    private final double widthMultiple;
    private final Integer maxChannels;
    private final int channelDivisor;
    private final String scale;
    private final Map<String, List<Number>> scales;
    private final String activation;
    private final List<List<Number>> anchors;
    private final List<LayerRow> rows;
    private final int backboneSize;

    private ModelSpec(Builder b) {
        this.name = b.name;
        this.source = b.source;
        this.header = b.header;
        this.nc = b.nc;
        this.depthMultiple = b.depthMultiple;
        this.widthMultiple = b.widthMultiple;
        this.maxChannels = b.maxChannels;
        this.channelDivisor = b.channelDivisor;
        this.scale = b.scale;
        this.scales = b.scales == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.scales));
        this.activation = b.activation;
        this.anchors = b.anchors == null ? null : List.copyOf(b.anchors);
        this.rows = List.copyOf(b.rows);
        this.backboneSize = b.backboneSize;
    }

    /**
     * Loads a config by file path or built-in name ({@code yolov5s}, {@code yolov8n},
     * {@code yolov8n-csppc.yaml} ...), as Ultralytics resolves {@code yolov8n.yaml} to
     * {@code yolov8.yaml} with scale n.
     *
     * @param scale scale letter for files with {@code scales}, or null to take it from the name
     */
    public static ModelSpec load(String fileOrName, String scale) {
        return Configs.load(fileOrName, scale);
    }

    /** {@link #load(String, String)} with the scale taken from the name. */
    public static ModelSpec load(String fileOrName) {
        return Configs.load(fileOrName, null);
    }

    /**
     * The architecture of a run or model directory ({@code model.yaml}), named after the directory.
     */
    public static ModelSpec loadRun(Path dir) {
        Path yaml = dir.resolve(YoloModel.MODEL_YAML);
        if (!Files.isRegularFile(yaml)) {
            throw new SlimException(dir + ": no " + YoloModel.MODEL_YAML + " (not a model or run directory)");
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return load(yaml.toString()).withName(name == null ? "model" : name.toString());
    }

    /** Parses yaml text; {@code source} names it in error messages. */
    public static ModelSpec parse(String yaml, String source, String scale) {
        return SpecReader.read(yaml, source, scale);
    }

    /** Model name: the config's file stem with its scale letter ({@code yolov8n}). */
    public String name() {
        return name;
    }

    /** Where the spec came from (file name or path), for messages. */
    public String source() {
        return source;
    }

    /** The comment block at the top of the file, without the {@code #} marks. */
    public String header() {
        return header;
    }

    /** Number of classes. */
    public int nc() {
        return nc;
    }

    /** Depth multiple in effect (from the scale when the file has scales). */
    public double depthMultiple() {
        return depthMultiple;
    }

    /** Width multiple in effect (from the scale when the file has scales). */
    public double widthMultiple() {
        return widthMultiple;
    }

    /** Width cap before scaling (YOLOv8 scales), or null. */
    public Integer maxChannels() {
        return maxChannels;
    }

    /** Scaled output widths are rounded up to a multiple of this (1: taken literally). */
    public int channelDivisor() {
        return channelDivisor;
    }

    /** The chosen scale letter, or null. */
    public String scale() {
        return scale;
    }

    /** The file's {@code scales} table ({@code n: [depth, width, max_channels]}), or null. */
    public Map<String, List<Number>> scales() {
        return scales;
    }

    /** Model-wide default activation token ({@code activation:} key), or null for SiLU. */
    public String activation() {
        return activation;
    }

    /** Anchors per level in pixels as written, or null for anchor-free models. */
    public List<List<Number>> anchors() {
        return anchors;
    }

    /** Anchors per level as floats, or null. */
    public float[][] anchorPixels() {
        if (anchors == null) {
            return null;
        }
        float[][] a = new float[anchors.size()][];
        for (int i = 0; i < a.length; i++) {
            List<Number> level = anchors.get(i);
            a[i] = new float[level.size()];
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] = level.get(j).floatValue();
            }
        }
        return a;
    }

    /** Backbone rows followed by head rows; row i is {@code model.i}. */
    public List<LayerRow> rows() {
        return rows;
    }

    /** Row {@code i}. */
    public LayerRow row(int i) {
        if (i < 0 || i >= rows.size()) {
            throw new SlimException(source + ": no row " + i + " (rows 0.." + (rows.size() - 1) + ")");
        }
        return rows.get(i);
    }

    /** How many of the rows are the backbone. */
    public int backboneSize() {
        return backboneSize;
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The same model for another number of classes. */
    public ModelSpec withNc(int classes) {
        if (classes < 1) {
            throw new SlimException(source + ": nc must be at least 1, got " + classes);
        }
        return toBuilder().nc(classes).build();
    }

    /** The same model under another name (used for file names and the summary line). */
    public ModelSpec withName(String newName) {
        return toBuilder().name(newName).build();
    }

    /**
     * The same rows with other depth and width multiples. A scales table is dropped; its width cap
     * stays as {@code max_channels}.
     */
    public ModelSpec scale(double depth, double width) {
        if (!(depth > 0) || !(width > 0)) {
            throw new SlimException(source + ": depth and width multiples must be positive, got " + depth + ", " + width);
        }
        return toBuilder().depthMultiple(depth).widthMultiple(width).scales(null, null).build();
    }

    /**
     * Deletes rows. Every {@code from} is re-indexed: relative references stay relative, absolute
     * ones shift; a Concat that loses an input keeps the others.
     *
     * @throws SlimException when a remaining row needs a deleted row as its only input
     */
    public ModelSpec remove(int... indices) {
        return RowSurgery.remove(this, indices);
    }

    /**
     * Inserts a row at {@code index} (its {@code from} is read at that position). Existing rows keep
     * their inputs: references to rows at or after {@code index} are shifted.
     */
    public ModelSpec insert(int index, LayerRow row) {
        return RowSurgery.insert(this, index, row);
    }

    /** Replaces row {@code index}'s {@code from} (relative or absolute, as in yaml). */
    public ModelSpec withFrom(int index, List<Integer> from) {
        List<LayerRow> list = new ArrayList<>(rows);
        list.set(index, row(index).withFrom(from));
        return toBuilder().rows(list, backboneSize).build();
    }

    /** Replaces row {@code index}. */
    public ModelSpec withRow(int index, LayerRow row) {
        row(index);
        List<LayerRow> list = new ArrayList<>(rows);
        list.set(index, row);
        return toBuilder().rows(list, backboneSize).build();
    }

    /**
     * Removes block {@code k} from the chain of a repeated module (a Bottleneck of a C3 or C2f, a
     * BasicBlock of an AFPN row):
     * the result is {@link #resolved()}, with the row's repeat count one lower and the inner widths
     * of the later blocks moved down.
     */
    public ModelSpec removeRepeat(int index, int k) {
        return RowSurgery.removeRepeat(this, index, k);
    }

    /**
     * The same model with multiples applied: depth and width multiples 1.0, channel divisor 1, no
     * scales, every repeat count, output width and inner width written out. It builds the same
     * model, and stays valid when a pruned model's widths differ from the defaults.
     */
    public ModelSpec resolved() {
        return ModelPlan.of(this).resolvedSpec();
    }

    /** The yaml text of this spec. */
    public String toYaml() {
        return SpecWriter.write(this);
    }

    /** Writes {@link #toYaml()} to a file (parent folders are created). */
    public void write(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, toYaml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlimException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** True when both describe the same rows and settings (name, source, header and lines aside). */
    public boolean sameModel(ModelSpec o) {
        return nc == o.nc && depthMultiple == o.depthMultiple && widthMultiple == o.widthMultiple
                && Objects.equals(maxChannels, o.maxChannels) && channelDivisor == o.channelDivisor
                && Objects.equals(activation, o.activation) && Objects.equals(anchors, o.anchors)
                && rows.equals(o.rows) && backboneSize == o.backboneSize;
    }

    @Override
    public String toString() {
        return name + " (" + rows.size() + " rows, nc=" + nc + ")";
    }

    /** Builds specs; defaults are those of Ultralytics (multiples 1.0, divisor 8, SiLU). */
    public static final class Builder {
        private String name = "model";
        private String source = "model.yaml";
        private String header = "";
        private int nc = 80;
        private double depthMultiple = 1.0;
        private double widthMultiple = 1.0;
        private Integer maxChannels;
        private int channelDivisor = DEFAULT_DIVISOR;
        private String scale;
        private Map<String, List<Number>> scales;
        private String activation;
        private List<List<Number>> anchors;
        private List<LayerRow> rows = List.of();
        private int backboneSize;

        public Builder() {
        }

        private Builder(ModelSpec s) {
            name = s.name;
            source = s.source;
            header = s.header;
            nc = s.nc;
            depthMultiple = s.depthMultiple;
            widthMultiple = s.widthMultiple;
            maxChannels = s.maxChannels;
            channelDivisor = s.channelDivisor;
            scale = s.scale;
            scales = s.scales;
            activation = s.activation;
            anchors = s.anchors;
            rows = s.rows;
            backboneSize = s.backboneSize;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder source(String v) {
            source = v;
            return this;
        }

        public Builder header(String v) {
            header = v == null ? "" : v;
            return this;
        }

        public Builder nc(int v) {
            nc = v;
            return this;
        }

        public Builder depthMultiple(double v) {
            depthMultiple = v;
            return this;
        }

        public Builder widthMultiple(double v) {
            widthMultiple = v;
            return this;
        }

        public Builder maxChannels(Integer v) {
            maxChannels = v;
            return this;
        }

        public Builder channelDivisor(int v) {
            channelDivisor = v;
            return this;
        }

        /** The scales table and the chosen letter (both null for none). */
        public Builder scales(Map<String, List<Number>> table, String letter) {
            scales = table;
            scale = letter;
            return this;
        }

        public Builder activation(String v) {
            activation = v;
            return this;
        }

        public Builder anchors(List<List<Number>> v) {
            anchors = v;
            return this;
        }

        /** All rows, the first {@code backbone} of them being the backbone. */
        public Builder rows(List<LayerRow> v, int backbone) {
            rows = v;
            backboneSize = backbone;
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(this);
        }
    }
}
