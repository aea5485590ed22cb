package org.slimlab.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.slimlab.SlimException;
import org.slimlab.model.modules.Conv;
import org.slimlab.model.modules.DetectHead;
import org.slimlab.model.modules.Sequential;
import org.slimlab.model.modules.Trace;
import org.slimlab.model.modules.YoloModule;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A YOLO detector built from a {@link ModelSpec}: a DJL block whose rows live in {@code model}
 * (so a convolution is {@code model.3.cv1.conv}, as in PyTorch).
 *
 * <p>Input: (N, 3, H, W) float RGB in 0..1, H and W multiples of the largest stride. Output, in
 * training and inference alike: the head's raw outputs, one array per level — (N, na, H_l, W_l,
 * nc+5) pre-sigmoid for anchor-based heads, (N, 4·regMax + nc, H_l, W_l) pre-activation for
 * anchor-free ones. {@link #head()} decodes them.
 */
public final class YoloModel extends YoloModule {
    /** Architecture file of a run directory. */
    public static final String MODEL_YAML = "model.yaml";
    /** Weights of the best epoch in a run directory: what later steps load. */
    public static final String BEST_WEIGHTS = "weights/best.params";
    /** Weights after the latest epoch in a run directory. */
    public static final String LAST_WEIGHTS = "weights/last.params";
    /** Side of the square input used to measure strides, as YOLOv5/8 do. */
    static final int STRIDE_PROBE = 256;

    private final ModelSpec spec;
    private final ModelPlan plan;
    private final Sequential model;
    private final DetectHead head;
    private int[] tapRows = new int[0];
    private Consumer<NDList> tap;
    /** Set by the user or the process property; null: {@link #widthsChoice}. */
    private Boolean channelsLast = ChannelsLast.setting();
    /** The choice from the BatchNorm widths, once the parameters are initialized. */
    private Boolean widthsChoice;

    private YoloModel(ModelSpec spec, ModelPlan plan, List<Block> rows) {
        this.spec = spec;
        this.plan = plan;
        this.model = child("model", new Sequential(rows));
        Block last = rows.get(rows.size() - 1);
        this.head = (DetectHead) last;
    }

    /**
     * Builds the model (parameters not yet initialized: use {@link #initialize(NDManager)} or a
     * DJL trainer). Strides are measured on a 256×256 input.
     *
     * @throws SlimException naming the yaml file, line and row on any problem
     */
    public static YoloModel build(ModelSpec spec) {
        ModelPlan plan = ModelPlan.of(spec);
        List<Block> rows = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            rows.add(l.create());
        }
        YoloModel m = new YoloModel(spec, plan, rows);
        Shape[] out = m.traceRows(Trace.shapes(), new Shape(1, 3, STRIDE_PROBE, STRIDE_PROBE), null);
        float[] strides = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            strides[i] = (float) STRIDE_PROBE / out[i].get(2);
        }
        m.head.setStrides(strides);
        return m;
    }

    /** Builds the model of a config file or built-in name. */
    public static YoloModel build(String cfg) {
        return build(ModelSpec.load(cfg));
    }

    /** Initializes every parameter in {@code manager} (on its device); returns this model. */
    public YoloModel initialize(NDManager manager) {
        int s = (int) maxStride();
        initialize(manager, DataType.FLOAT32, new Shape(1, 3, s, s));
        return this;
    }

    /**
     * Whether the forward pass lays activations out channels-last ({@link ChannelsLast}; default: on where every
     * BatchNorm width is a multiple of 8, unless {@code -Dslimlab.channelsLast} says otherwise). Outputs are the
     * same within float rounding; on the CPU, training steps are faster with it.
     */
    public YoloModel setChannelsLast(boolean on) {
        this.channelsLast = on;
        return this;
    }

    /**
     * Whether the forward pass lays activations out channels-last: as set, else from the BatchNorm widths (before
     * the parameters are initialized, provisionally true).
     */
    public boolean channelsLast() {
        if (channelsLast != null) {
            return channelsLast;
        }
        if (widthsChoice == null) {
            boolean suits = true;
            for (Pair<String, Parameter> p : getParameters()) {
                if (p.getValue().getType() == Parameter.Type.GAMMA) {
                    Shape s = p.getValue().getShape();
                    if (s == null) {
                        return true;
                    }
                    suits &= ChannelsLast.suits(s.get(0));
                }
            }
            widthsChoice = suits;
        }
        return widthsChoice;
    }

    /** The spec this model was built from. */
    public ModelSpec spec() {
        return spec;
    }

    /** The planned rows (inputs, widths, arguments). */
    public ModelPlan plan() {
        return plan;
    }

    /** The detection head (strides, anchors, decoding). */
    public DetectHead head() {
        return head;
    }

    /** Number of classes. */
    public int nc() {
        return head.nc();
    }

    /** Largest stride: input sides must be multiples of it. */
    public float maxStride() {
        float m = 0;
        for (float s : head.strides()) {
            m = Math.max(m, s);
        }
        return m;
    }

    /** Number of rows. */
    public int size() {
        return model.size();
    }

    /** The block of row {@code i} ({@code model.i}). */
    public Block layer(int i) {
        if (i < 0 || i >= model.size()) {
            throw new SlimException(spec.name() + ": no row " + i + " (rows 0.." + (model.size() - 1) + ")");
        }
        return model.get(i);
    }

    /** Every block by its PyTorch-style name ({@code model}, {@code model.0}, {@code model.0.conv} ...). */
    public Map<String, Block> namedBlocks() {
        Map<String, Block> out = new LinkedHashMap<>();
        out.put("model", model);
        collect("model", model, out);
        return Collections.unmodifiableMap(out);
    }

    private static void collect(String prefix, YoloModule m, Map<String, Block> out) {
        for (Map.Entry<String, Block> e : m.namedChildren().entrySet()) {
            String name = prefix + "." + e.getKey();
            out.put(name, e.getValue());
            if (e.getValue() instanceof YoloModule y) {
                collect(name, y, out);
            }
        }
    }

    /** The block with this name, e.g. {@code model.3.cv1.conv}. */
    public Block block(String name) {
        Block b = namedBlocks().get(name);
        if (b == null) {
            throw new SlimException(spec.name() + ": no layer named " + name);
        }
        return b;
    }

    /** Every Conv+BN+act block by name ({@code model.2.cv1}; its parts are {@code .conv} and {@code .bn}). */
    public Map<String, Conv> convs() {
        Map<String, Conv> out = new LinkedHashMap<>();
        namedBlocks().forEach((k, v) -> {
            if (v instanceof Conv c) {
                out.put(k, c);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Every parameter by block name and DJL parameter name ({@code model.0.conv.weight}, {@code model.0.bn.gamma}). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        namedBlocks().forEach((k, v) -> {
            for (Pair<String, Parameter> p : v.getDirectParameters()) {
                out.put(k + "." + p.getValue().getName(), p.getValue());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Number of learned and fixed parameters (BatchNorm running statistics excluded), as PyTorch counts. */
    public long parameterCount() {
        return parameterCount(this);
    }

    /** {@link #parameterCount()} of any block of this model; its parameters must be initialized. */
    public static long parameterCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                Shape s = p.getValue().getShape();
                if (s == null) {
                    throw new IllegalStateException("parameters are not initialized yet");
                }
                n += s.size();
            }
        }
        return n;
    }

    /**
     * Modules as PyTorch's {@code len(list(model.modules()))} counts them (the "layers" of the
     * Ultralytics summary): every module object once, containers and shared activations included.
     */
    public int moduleCount() {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectModules(seen);
        return seen.size();
    }

    /** The rows whose outputs feed the detection head, in level order (the neck's outputs). */
    public int[] headInputs() {
        return plan.head().inputs().stream().mapToInt(Integer::intValue).toArray();
    }

    /** Channels of row {@code i}'s output. */
    public int outChannels(int i) {
        checkFeatureRow(i);
        return plan.layer(i).outChannels();
    }

    /**
     * Makes every later forward hand the outputs of {@code rows} (in that order, still connected to the graph) to
     * {@code sink}: how feature distillation reads a student's neck inside the trainer's own forward pass. A null
     * sink removes the tap.
     *
     * @throws SlimException naming the row when one is not a row before the head
     */
    public void setFeatureTap(int[] rows, Consumer<NDList> sink) {
        for (int r : rows) {
            checkFeatureRow(r);
        }
        tapRows = rows.clone();
        tap = sink;
    }

    /**
     * One forward pass that also returns the outputs of {@code rows}.
     *
     * @return the head's raw outputs and the rows' outputs, in the order asked
     */
    public Outputs forwardWithFeatures(ParameterStore ps, NDArray x, boolean training, int... rows) {
        for (int r : rows) {
            checkFeatureRow(r);
        }
        NDList features = new NDList();
        NDList head = run(ps, x, training, rows, features);
        return new Outputs(head, features);
    }

    /** The head's raw outputs and the outputs of chosen rows of one forward pass. */
    public record Outputs(NDList head, NDList features) {
    }

    private void checkFeatureRow(int r) {
        if (r < 0 || r >= model.size() - 1) {
            throw new SlimException(spec.name() + ": row " + r + " is not a layer before the head (rows 0.."
                    + (model.size() - 2) + ")");
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Consumer<NDList> sink = tap;
        if (sink == null) {
            return run(ps, inputs.singletonOrThrow(), training, new int[0], null);
        }
        NDList features = new NDList();
        NDList head = run(ps, inputs.singletonOrThrow(), training, tapRows, features);
        sink.accept(features);
        return head;
    }

    private NDList run(ParameterStore ps, NDArray x, boolean training, int[] rows, NDList features) {
        checkInput(x.getShape());
        if (channelsLast()) {
            x = ChannelsLast.of(x);
        }
        NDArray[] y = new NDArray[model.size()];
        for (int i = 0; i < model.size(); i++) {
            NDList in = new NDList();
            for (int f : plan.layer(i).inputs()) {
                in.add(f == LayerPlan.IMAGE ? x : y[f]);
            }
            NDList out = model.get(i).forward(ps, in, training);
            if (i == model.size() - 1) {
                for (int r : rows) {
                    features.add(y[r]);
                }
                return out;
            }
            y[i] = out.singletonOrThrow();
        }
        throw new IllegalStateException("unreachable: the last row is the head");
    }

    private void checkInput(Shape s) {
        int stride = (int) maxStride();
        if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) % stride != 0 || s.get(3) % stride != 0) {
            throw new SlimException(spec.name() + ": input must be (N, 3, H, W) with H and W multiples of " + stride
                    + ", got " + s);
        }
    }

    @Override
    public Shape[] trace(Trace t, Shape... inputs) {
        return traceRows(t, inputs[0], null);
    }

    /**
     * Walks the rows on shapes, naming the row in any error.
     *
     * @param perRow when not null, receives each row's output shapes and the trace's
     *     multiply-accumulates counted up to the end of that row
     * @return the head's output shapes
     */
    Shape[] traceRows(Trace t, Shape input, List<RowTrace> perRow) {
        if (input.dimension() != 4 || input.get(1) != 3) {
            throw new SlimException(spec.name() + ": input must be (N, 3, H, W), got " + input);
        }
        Shape[] y = new Shape[model.size()];
        Shape[] last = null;
        for (int i = 0; i < model.size(); i++) {
            LayerPlan l = plan.layer(i);
            List<Integer> from = l.inputs();
            Shape[] in = new Shape[from.size()];
            for (int j = 0; j < in.length; j++) {
                in[j] = from.get(j) == LayerPlan.IMAGE ? input : y[from.get(j)];
            }
            try {
                last = t.apply(model.get(i), in);
            } catch (IllegalArgumentException e) {
                throw new SlimException(RowContext.where(spec, l.row(), i) + e.getMessage());
            }
            y[i] = last[0];
            if (perRow != null) {
                perRow.add(new RowTrace(i, last, t.macs()));
            }
        }
        return last;
    }

    /** Output shapes of one row after a trace, and the multiply-accumulates counted so far. */
    record RowTrace(int index, Shape[] output, long macsSoFar) {
    }

    /**
     * Writes this model as a run directory: {@value #MODEL_YAML} (resolved form) and its weights as both
     * {@value #BEST_WEIGHTS} and {@value #LAST_WEIGHTS}, so that a pruned or edited model is taken like any
     * trained run.
     */
    public void save(Path dir) {
        spec.resolved().write(dir.resolve(MODEL_YAML));
        saveWeights(dir.resolve(BEST_WEIGHTS));
        saveWeights(dir.resolve(LAST_WEIGHTS));
    }

    /** Writes the parameters (BatchNorm statistics included) to a file. */
    public void saveWeights(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (DataOutputStream os = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                saveParameters(os);
            }
        } catch (IOException e) {
            throw new SlimException("cannot write weights " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads parameters written by {@link #saveWeights} into this (built) model. */
    public void loadWeights(NDManager manager, Path file) {
        if (!isInitialized()) {
            initialize(manager);
        }
        try (DataInputStream is = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            loadParameters(manager, is);
        } catch (IOException | MalformedModelException | IllegalArgumentException e) {
            throw new SlimException(file + ": weights do not fit " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a run directory: {@value #MODEL_YAML} plus {@value #BEST_WEIGHTS}, else {@value #LAST_WEIGHTS} (a run
     * stopped before its first validation).
     *
     * @throws SlimException naming the directory when a file is missing or the weights do not fit
     */
    public static YoloModel load(Path dir, NDManager manager) {
        ModelSpec spec = ModelSpec.loadRun(dir);
        YoloModel m = build(spec);
        m.loadWeights(manager, weightsOf(dir));
        return m;
    }

    /** The weights file {@link #load(Path, NDManager)} reads from a run directory. */
    public static Path weightsOf(Path dir) {
        for (String w : List.of(BEST_WEIGHTS, LAST_WEIGHTS)) {
            if (Files.isRegularFile(dir.resolve(w))) {
                return dir.resolve(w);
            }
        }
        throw new SlimException(dir + ": no weights (" + BEST_WEIGHTS + " or " + LAST_WEIGHTS + ")");
    }

    /** {@link #load(Path, NDManager)} into a new manager on the default device (it lives as long as the model). */
    public static YoloModel load(Path dir) {
        return load(dir, NDManager.newBaseManager());
    }
}
