package org.slimlab.slim;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;
import org.slimlab.train.GradientAccess;
import org.slimlab.train.GradientHook;
import org.slimlab.train.StepInfo;
import org.slimlab.train.TrainListener;
import org.slimlab.train.TrainPlan;
import org.slimlab.train.TrainableParams;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Network Slimming's sparsity term for the trainer: after every backward pass, λ·sign(γ) is added
 * to the gradient of the γ of every BatchNorm in a prunable dependency group (and, optionally,
 * λβ·sign(β) to its β), so that training minimises {@code loss + λ Σ|γ|}.
 *
 * <p><b>What λ means.</b> As in Network Slimming ({@code --s 1e-4}): the weight of Σ|γ| against the
 * mean loss per image. The YOLO trainers multiply the loss by the batch size and accumulate
 * gradients up to the nominal batch of 64 images, so each backward pass here adds
 * {@code λ · batch · sign(γ)}: per optimizer step the term is λ·64·sign(γ) whatever the batch size,
 * matching the loss's 64 images. (yolov5prune's {@code --sr s}, added once per batch, is λ = s / batch
 * here.) Gradients are the real ones: the trainer does not scale them. The term joins the gradient
 * before the trainer's clipping ({@code max_grad_norm}), so a very large λ is clipped with the rest.
 *
 * <p><b>Schedule.</b> Constant, or decaying as yolov5prune does: λ·(1 − 0.9·epoch/epochs).
 *
 * <p>After every epoch the statistics of |γ| ({@link GammaStats}) are kept, written to
 * {@code sparsity.csv} in the run directory, and offered as a histogram chart.
 */
public final class SparsityRegularizer implements GradientHook, TrainListener {
    /** File of per-epoch γ statistics in a run directory. */
    public static final String CSV = "sparsity.csv";

    /** How λ changes over training. */
    public enum Schedule {
        /** λ throughout. */
        CONSTANT,
        /** λ·(1 − 0.9·epoch/epochs). */
        DECAY
    }

    private final double lambda;
    private final double betaLambda;
    private final Schedule schedule;
    private final int batch;
    private final Set<String> gammaNames;
    private final Set<String> betaNames;
    private final Map<String, Parameter> gammas = new LinkedHashMap<>();
    private final List<GammaStats> history = new ArrayList<>();
    private final Map<String, float[]> snapshots = new LinkedHashMap<>();
    private Path runDir;
    private int epochs = 1;

    /**
     * @param spec the architecture being trained (its prunable BatchNorms are found from its dependency graph)
     * @param lambda weight of Σ|γ| (Network Slimming's λ, e.g. 1e-4)
     * @param schedule constant or decaying λ
     * @param betaLambda weight of Σ|β| (0: none)
     * @param batch the training batch size
     */
    public SparsityRegularizer(ModelSpec spec, double lambda, Schedule schedule, double betaLambda, int batch) {
        if (!(lambda >= 0) || !(betaLambda >= 0) || batch < 1) {
            throw new SlimException("train: --sr and --sr-beta must be >= 0 and the batch >= 1, got " + lambda + ", "
                    + betaLambda + ", " + batch);
        }
        this.lambda = lambda;
        this.betaLambda = betaLambda;
        this.schedule = schedule;
        this.batch = batch;
        YoloModel model = YoloModel.build(spec);
        this.gammaNames = Collections.unmodifiableSet(keys(model, prunableNorms(model, Parameter.Type.GAMMA)));
        this.betaNames = Collections.unmodifiableSet(keys(model, prunableNorms(model, Parameter.Type.BETA)));
    }

    /** λ at an epoch (from 0) of {@code epochs}. */
    public double lambdaAt(int epoch, int epochs) {
        return lambda * factor(epoch, epochs);
    }

    private double factor(int epoch, int epochs) {
        return schedule == Schedule.CONSTANT ? 1 : 1 - 0.9 * epoch / Math.max(epochs, 1);
    }

    /** Names (as the trainer's block lists them) of the γ this term acts on. */
    public Set<String> gammaNames() {
        return gammaNames;
    }

    @Override
    public void afterBackward(GradientAccess grads, StepInfo step) {
        if (gammas.isEmpty()) {
            for (TrainableParams.Entry e : grads.params().entries()) {
                if (gammaNames.contains(e.name())) {
                    gammas.put(e.name(), e.parameter());
                }
            }
        }
        epochs = step.epochs();
        double scale = factor(step.epoch(), step.epochs()) * batch;
        float g = (float) (lambda * scale);
        float b = (float) (betaLambda * scale);
        if (g > 0) {
            grads.forEach(e -> gammaNames.contains(e.name()), (w, grad) -> grad.addi(w.sign().muli(g)));
        }
        if (b > 0) {
            grads.forEach(e -> betaNames.contains(e.name()), (w, grad) -> grad.addi(w.sign().muli(b)));
        }
    }

    @Override
    public void onStart(TrainPlan plan) {
        runDir = plan.runDir();
        epochs = plan.epochs();
        Path f = runDir.resolve(CSV);
        if (plan.startEpoch() > 0 && Files.isRegularFile(f)) {
            try {
                List<String> keep = new ArrayList<>();
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (keep.isEmpty() || Integer.parseInt(line.substring(0, line.indexOf(','))) <= plan.startEpoch()) {
                        keep.add(line);
                    }
                }
                Files.write(f, keep, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SlimException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> row) {
        if (gammas.isEmpty()) {
            return;
        }
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (Parameter p : gammas.values()) {
            float[] v = p.getArray().toFloatArray();
            parts.add(v);
            n += v.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] v : parts) {
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        GammaStats s = GammaStats.of(all);
        history.add(s);
        snapshots.put("epoch " + (epoch + 1), all);
        if (runDir != null) {
            append(epoch, s, row.getOrDefault("epoch", (double) (epoch + 1)));
        }
    }

    private void append(int epoch, GammaStats s, double epochColumn) {
        Path f = runDir.resolve(CSV);
        StringBuilder sb = new StringBuilder();
        try {
            if (!Files.exists(f)) {
                sb.append("epoch,sr,").append(String.join(",", s.toMap().keySet())).append('\n');
            }
            sb.append((long) epochColumn).append(',').append(number(lambdaAt(epoch, epochs)));
            for (double v : s.toMap().values()) {
                sb.append(',').append(number(v));
            }
            sb.append('\n');
            Files.writeString(f, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new SlimException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    /** Six significant digits, no trailing zeros. */
    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** γ statistics after each epoch of this session. */
    public List<GammaStats> history() {
        return Collections.unmodifiableList(history);
    }

    /** Histogram of |γ| after each epoch of this session, one line per epoch. */
    public org.knowm.xchart.XYChart histogram(int bins) {
        return GammaStats.histogram(snapshots, bins);
    }

    /** The BatchNorm parameters of one type (γ or β) in the prunable groups of {@code model}, by block name. */
    static Map<String, Parameter> prunableNorms(YoloModel model, Parameter.Type type) {
        Set<String> norms = new LinkedHashSet<>();
        for (DependencyGroup g : DependencyGraph.of(model).prunableGroups()) {
            for (DependencyGroup.Member m : g.members(DependencyGroup.Role.NORM)) {
                norms.add(m.layer());
            }
        }
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (String n : norms) {
            for (Pair<String, Parameter> p : model.block(n).getDirectParameters()) {
                if (p.getValue().getType() == type) {
                    out.put(n, p.getValue());
                }
            }
        }
        return out;
    }

    /** The names {@code model.getParameters()} gives these parameters. */
    private static Set<String> keys(YoloModel model, Map<String, Parameter> params) {
        Map<Parameter, String> byIdentity = new IdentityHashMap<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            byIdentity.put(p.getValue(), p.getKey());
        }
        Set<String> out = new LinkedHashSet<>();
        params.values().forEach(p -> out.add(byIdentity.get(p)));
        return out;
    }
}
