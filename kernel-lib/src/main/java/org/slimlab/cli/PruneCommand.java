package org.slimlab.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.slimlab.SlimException;
import org.slimlab.model.YoloModel;
import org.slimlab.slim.PruneOptions;
import org.slimlab.slim.PruneReport;
import org.slimlab.slim.PrunePlan;
import org.slimlab.slim.PrunedRun;
import org.slimlab.slim.Pruner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code ./slim prune}: structured channel pruning of a run, saved as a new run directory. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Structured channel pruning with dependency groups and a physical rebuild; the result is a run directory.")
public final class PruneCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--weights", paramLabel = "RUN", description = "run or model directory to prune")
        Path weights;

        @Option(names = "--cfg", paramLabel = "FILE_OR_NAME",
                description = "a model yaml or built-in name, freshly initialized with --seed (to size up a pruned architecture)")
        String cfg;
    }

    @Option(names = "--percent", required = true, paramLabel = "P",
            description = "share of the prunable channels to remove, in percent (0 < P < 100)")
    private double percent;

    @Option(names = "--method", defaultValue = "slimming", paramLabel = "NAME",
            description = "slimming (global BatchNorm |gamma|), l1, l2 (global filter norms), random (seeded control), "
                    + "uniform (same ratio per group, L1 ranking); default: ${DEFAULT-VALUE}")
    private String method;

    @Option(names = "--round-to", defaultValue = "1", paramLabel = "N", description = "kept channels per group rounded up to a multiple of N")
    private int roundTo;

    @Option(names = "--min-keep", defaultValue = "0.1", paramLabel = "F",
            description = "every group keeps at least this fraction of its channels (0: fail instead of emptying a group); default: ${DEFAULT-VALUE}")
    private double minKeep;

    @Option(names = "--ignore", split = ",", paramLabel = "ROWS",
            description = "rows (3, 5-7) or convolutions (model.2.cv1) whose output channels stay")
    private String[] ignore;

    @Option(names = "--keep-head-inputs", description = "keep every channel the detection head reads")
    private boolean keepHeadInputs;

    @Option(names = "--beta-compensation", description = "fold act(beta) of removed channels into the next layer")
    private boolean betaCompensation;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "seed of the random method and of --cfg weights")
    private long seed;

    @Option(names = "--img", defaultValue = "640", paramLabel = "PX", description = "image size for GFLOPs (default: ${DEFAULT-VALUE})")
    private int img;

    @Option(names = "--latency", description = "also time both models, batch 1 and 16, in alternating runs (median)")
    private boolean latency;

    @Option(names = "--latency-img", defaultValue = "256", paramLabel = "PX", description = "image size for --latency (default: ${DEFAULT-VALUE})")
    private int latencyImg;

    @Option(names = "--latency-runs", defaultValue = "10", paramLabel = "N",
            description = "timed runs per model and batch size, after 3 warm-up runs (default: ${DEFAULT-VALUE})")
    private int latencyRuns;

    @Option(names = "--groups", description = "print every dependency group with its members")
    private boolean groups;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "new run directory for the pruned model")
    private Path out;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    private boolean json;

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        PruneOptions options = options();
        PrintWriter pw = command.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloModel model;
            if (source.weights != null) {
                model = YoloModel.load(source.weights, manager);
            } else {
                Engine.getInstance().setRandomSeed((int) seed);
                model = YoloModel.build(source.cfg).initialize(manager);
            }
            PrunePlan plan = Pruner.plan(model, options);
            if (groups) {
                pw.print(plan.graph().text());
            }
            pw.print(plan.text());
            YoloModel pruned = Pruner.apply(model, plan, manager);
            PruneReport report = PruneReport.of(model, pruned, img);
            if (latency) {
                report.measureLatency(model, pruned, latencyImg, 3, latencyRuns, 1, 16);
            }
            PrunedRun.save(out, pruned, args(options, report, plan));
            pw.print(report.text());
            pw.printf(Locale.ROOT, "saved %s%n", out);
            if (json) {
                JsonOut j = new JsonOut().put("parameters_before", report.parametersBefore())
                        .put("parameters_after", report.parametersAfter())
                        .put("gflops_before", round(report.gflopsBefore())).put("gflops_after", round(report.gflopsAfter()))
                        .put("removed_channels", plan.removedChannels()).put("prunable_channels", plan.prunableChannels())
                        .put("run", out.toString());
                for (PruneReport.LatencyPair p : report.latency()) {
                    j.put("latency_ms_b" + p.before().batch() + "_before", round(p.before().medianMs()));
                    j.put("latency_ms_b" + p.before().batch() + "_after", round(p.after().medianMs()));
                }
                pw.println(j);
            }
        }
        pw.flush();
        return 0;
    }

    private PruneOptions options() {
        if (percent > 0 && percent < 1) {
            throw new SlimException(String.format(Locale.ROOT,
                    "prune: --percent is a percentage (0 < P < 100): write %s for %s of the channels, not %s",
                    trim(percent * 100), trim(percent), trim(percent)));
        }
        if ("eagleeye".equalsIgnoreCase(method)) {
            throw new SlimException("prune: --method eagleeye needs a dataset; it is not available in this command yet");
        }
        Set<Integer> rows = new LinkedHashSet<>();
        Set<String> layers = new LinkedHashSet<>();
        if (ignore != null) {
            for (String token : ignore) {
                String t = token.trim();
                if (t.matches("\\d+")) {
                    rows.add(Integer.parseInt(t));
                } else if (t.matches("\\d+-\\d+")) {
                    int a = Integer.parseInt(t.substring(0, t.indexOf('-')));
                    int b = Integer.parseInt(t.substring(t.indexOf('-') + 1));
                    for (int r = Math.min(a, b); r <= Math.max(a, b); r++) {
                        rows.add(r);
                    }
                } else if (t.startsWith("model.")) {
                    layers.add(t);
                } else {
                    throw new SlimException("prune: --ignore takes rows (3, 5-7) or convolutions (model.2.cv1), got '" + t + "'");
                }
            }
        }
        return PruneOptions.method(method, percent).withRoundTo(roundTo).withMinKeep(minKeep).withIgnoredRows(rows)
                .withIgnoredLayers(layers).withKeepHeadInputs(keepHeadInputs).withBetaCompensation(betaCompensation)
                .withSeed(seed);
    }

    private Map<String, Object> args(PruneOptions options, PruneReport report, PrunePlan plan) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("command", "prune");
        if (source.weights != null) {
            Path weights = source.weights;
            a.put("parent", weights.toAbsolutePath().normalize().toString());
            Path w = PrunedRun.weightsOf(weights);
            a.put("parent_weights", w == null ? null : weights.relativize(w).toString());
            Map<String, Object> parentArgs = PrunedRun.readArgs(weights);
            for (String k : new String[] {"data", "img", "nc"}) {
                if (parentArgs.containsKey(k)) {
                    a.put(k, parentArgs.get(k));
                }
            }
        } else {
            a.put("cfg", source.cfg);
        }
        a.put("method", method.toLowerCase(Locale.ROOT));
        a.putAll(options.toMap());
        a.put("prunable_channels", plan.prunableChannels());
        a.put("removed_channels", plan.removedChannels());
        a.put("parameters_before", report.parametersBefore());
        a.put("parameters_after", report.parametersAfter());
        a.put("gflops_before", round(report.gflopsBefore()));
        a.put("gflops_after", round(report.gflopsAfter()));
        a.put("gflops_img", img);
        return a;
    }

    private static String trim(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
