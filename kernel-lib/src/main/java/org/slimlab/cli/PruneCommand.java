package org.slimlab.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.knowm.xchart.BitmapEncoder;
import org.slimlab.SlimException;
import org.slimlab.data.DataYaml;
import org.slimlab.data.DetDataset;
import org.slimlab.data.DetLoader;
import org.slimlab.eval.NmsConfig;
import org.slimlab.model.ChannelsLast;
import org.slimlab.model.modules.DetectHead;
import org.slimlab.slim.EagleEye;
import org.slimlab.slim.IterativePruning;
import org.slimlab.slim.LayerPruning;
import org.slimlab.train.ConsoleProgress;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.DetectionValidator;
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

    @Option(names = "--percent", paramLabel = "P",
            description = "share of the prunable channels to remove, in percent (0 < P < 100); with --steps, the total")
    private Double percent;

    @Option(names = "--layers", defaultValue = "0", paramLabel = "N",
            description = "first remove the N residual blocks (C3/C2f Bottlenecks) and ELAN branches of lowest mean "
                    + "BatchNorm |gamma|, one at a time; --percent may then be left out")
    private int layers;

    @Option(names = "--steps", defaultValue = "1", paramLabel = "K",
            description = "iterative pruning: K rounds of pruning and fine-tuning (needs --data and --finetune-epochs); "
                    + "--out is then a folder of runs step1-pruned, step1, ..., stepK (default: ${DEFAULT-VALUE})")
    private int steps;

    @Option(names = "--finetune-epochs", defaultValue = "0", paramLabel = "E",
            description = "fine-tune each round for E epochs on --data (with --batch and --data-img; lr0 0.1x the default)")
    private int finetuneEpochs;

    @Option(names = "--method", defaultValue = "slimming", paramLabel = "NAME",
            description = "slimming (global BatchNorm |gamma|), l1, l2 (global filter norms), random (seeded control), "
                    + "uniform (same ratio per group, L1 ranking), eagleeye (search at a GFLOPs or parameter budget: "
                    + "--percent of it is removed; needs --data); default: ${DEFAULT-VALUE}")
    private String method;

    @Option(names = "--data", paramLabel = "DATA",
            description = "data yaml: eagleeye calibrates on its train split and scores on val; iterative pruning fine-tunes on it")
    private Path data;

    @Option(names = "--candidates", defaultValue = "20", paramLabel = "N", description = "eagleeye: sub-networks to score (default: ${DEFAULT-VALUE})")
    private int candidates;

    @Option(names = "--budget", defaultValue = "flops", paramLabel = "flops|params", description = "eagleeye: what --percent removes (default: ${DEFAULT-VALUE})")
    private String budget;

    @Option(names = "--max-ratio", defaultValue = "0.8", paramLabel = "R", description = "eagleeye: largest share of a group removed (default: ${DEFAULT-VALUE})")
    private double maxRatio;

    @Option(names = "--calib-batches", defaultValue = "8", paramLabel = "N", description = "eagleeye: training batches for adaptive BatchNorm (default: ${DEFAULT-VALUE})")
    private int calibBatches;

    @Option(names = "--data-img", paramLabel = "PX",
            description = "image size of eagleeye's calibration and validation and of fine-tuning (default: the parent run's img, else 320)")
    private Integer dataImg;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "B", description = "batch size of eagleeye and fine-tuning (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "W", description = "fine-tuning: data loading threads (default: ${DEFAULT-VALUE})")
    private int workers;

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
        PrintWriter pw = command.commandLine().getOut();
        if (steps > 1 || finetuneEpochs > 0) {
            iterative(pw);
        } else {
            once(pw);
        }
        pw.flush();
        return 0;
    }

    /** One-shot pruning: layers (--layers), then channels (--percent), into one run directory. */
    private void once(PrintWriter pw) {
        boolean eagle = "eagleeye".equalsIgnoreCase(method);
        if (percent == null && layers == 0) {
            throw new SlimException("prune: give --percent P (channels), --layers N (whole blocks), or both");
        }
        PruneOptions options = percent == null ? null : options(eagle);
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloModel model;
            if (source.weights != null) {
                model = YoloModel.load(source.weights, manager);
            } else {
                Engine.getInstance().setRandomSeed((int) seed);
                model = YoloModel.build(source.cfg).initialize(manager);
            }
            YoloModel base = model;
            LayerPruning.Result cut = null;
            if (layers > 0) {
                cut = LayerPruning.prune(model, layers, manager);
                base = cut.model();
                pw.print(cut.table().print());
                pw.println();
            }
            PrunePlan plan = null;
            YoloModel pruned = base;
            EagleEye.Result search = null;
            if (options != null && eagle) {
                search = eagleEye(base, manager, pw);
                plan = search.best().plan();
                pruned = search.bestModel();
            } else if (options != null) {
                plan = Pruner.plan(base, options);
                pruned = Pruner.apply(base, plan, manager);
            }
            if (plan != null) {
                if (groups) {
                    pw.print(plan.graph().text());
                }
                pw.print(plan.text());
            }
            if (search != null) {
                pw.print(search.text());
            }
            LayerPruning.Result layerCut = cut;
            PruneReport report = cut == null ? PruneReport.of(model, pruned, img) : PruneReport.of(model, pruned, img, layerCut::rename);
            if (latency) {
                report.measureLatency(model, pruned, latencyImg, 3, latencyRuns, 1, 16);
            }
            PrunedRun.save(out, pruned, args(plan, report, cut));
            report.save(out);
            if (search != null) {
                saveSearch(search);
            }
            pw.print(report.text());
            if (model.channelsLast() && !pruned.channelsLast()) {
                pw.printf(Locale.ROOT, "note: widths that are not multiples of %d turn channels-last activations off, "
                        + "and CPU training is slower without them; --round-to %d keeps them%n",
                        ChannelsLast.WIDTH_MULTIPLE, ChannelsLast.WIDTH_MULTIPLE);
            }
            pw.printf(Locale.ROOT, "saved %s%n", out);
            if (json) {
                JsonOut j = new JsonOut();
                report.figures().forEach(j::put);
                if (plan != null) {
                    j.put("removed_channels", plan.removedChannels()).put("prunable_channels", plan.prunableChannels());
                }
                if (cut != null) {
                    j.put("removed_layers", cut.removed().size());
                }
                j.put("run", out.toString());
                if (search != null) {
                    j.put("best_candidate", search.best().index()).put("best_fitness", round(search.best().fitness()));
                }
                pw.println(j);
            }
        }
    }

    /** Iterative pruning: --steps rounds of pruning and fine-tuning, each a run directory under --out. */
    private void iterative(PrintWriter pw) {
        if (source.weights == null) {
            throw new SlimException("prune: --steps and --finetune-epochs need --weights RUN (a trained run to fine-tune)");
        }
        if (percent == null) {
            throw new SlimException("prune: --steps needs --percent P, the share removed over all rounds");
        }
        if (layers > 0 || "eagleeye".equalsIgnoreCase(method)) {
            throw new SlimException("prune: --steps prunes channels by a criterion; it does not combine with --layers or --method eagleeye");
        }
        if (data == null) {
            throw new SlimException("prune: --steps and --finetune-epochs need --data DATA (a data yaml to fine-tune on)");
        }
        if (finetuneEpochs < 1) {
            throw new SlimException("prune: --steps needs --finetune-epochs E (at least 1)");
        }
        TrainConfig finetune = TrainConfig.of().withEpochs(finetuneEpochs).withBatch(batch).withImgSize(dataImg()).withSeed(seed);
        Object optimizer = PrunedRun.readArgs(source.weights).get("optimizer");
        if (optimizer != null) {
            finetune = finetune.with("optimizer", optimizer.toString());
        }
        IterativePruning.Result r = IterativePruning.from(source.weights).options(options(false)).steps(steps)
                .finetune(finetune).data(data).out(out).workers(workers)
                .listener(new ConsoleProgress(pw)).log(pw::println).build().run();
        pw.print(r.table().print());
        pw.println();
        pw.printf(Locale.ROOT, "final run %s%n", r.last());
        if (json) {
            IterativePruning.Step first = r.steps().get(0);
            IterativePruning.Step last = r.steps().get(r.steps().size() - 1);
            pw.println(new JsonOut().put("run", r.last().toString()).put("steps", r.steps().size())
                    .put("step_percent", round(first.percent())).put("parameters_after", last.parameters())
                    .put("gflops_after", round(last.gflops())).put("map50", round(last.map50()))
                    .put("map50_95", round(last.map5095())));
        }
    }

    /** --data-img, else the parent run's img, else 320. */
    private int dataImg() {
        if (dataImg != null) {
            return dataImg;
        }
        Object img = source.weights == null ? null : PrunedRun.readArgs(source.weights).get("img");
        return img instanceof Number n ? n.intValue() : 320;
    }

    private EagleEye.Result eagleEye(YoloModel model, NDManager manager, PrintWriter pw) {
        if (data == null) {
            throw new SlimException("prune: --method eagleeye needs --data DATA (a data yaml)");
        }
        EagleEye.Budget b = switch (budget.toLowerCase(Locale.ROOT)) {
            case "flops" -> EagleEye.Budget.FLOPS;
            case "params" -> EagleEye.Budget.PARAMS;
            default -> throw new SlimException("prune: --budget is flops or params, got '" + budget + "'");
        };
        EagleEye.Options o = new EagleEye.Options(candidates, b, 1 - percent / 100, maxRatio, calibBatches, seed, roundTo, minKeep);
        int dataImg = dataImg();
        DataYaml yaml = DataYaml.load(data);
        if (yaml.nc() != model.nc()) {
            throw new SlimException(data + ": has " + yaml.nc() + " classes but the model detects " + model.nc());
        }
        DetDataset train = DetDataset.load(yaml, "train", false);
        DetDataset val = DetDataset.load(yaml, "val", false);
        NmsConfig nms = model.head().kind() == DetectHead.Kind.ANCHOR_BASED ? NmsConfig.valV5() : NmsConfig.val();
        try (DetLoader calib = DetLoader.builder(train).imgSize(dataImg).batchSize(batch).shuffle(true).seed(seed).workers(0).build();
             DetLoader v = DetLoader.builder(val).imgSize(dataImg).batchSize(batch).workers(0).build()) {
            return EagleEye.search(model, calib, new DetectionValidator(v, yaml.names(), nms), o, manager, line -> {
                pw.println(line);
                pw.flush();
            });
        }
    }

    private void saveSearch(EagleEye.Result r) {
        try {
            BitmapEncoder.saveBitmap(r.chart(), out.resolve("eagleeye.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            r.table().write().csv(out.resolve("eagleeye.csv").toString());
        } catch (java.io.IOException e) {
            throw new SlimException("cannot write the eagleeye results in " + out + ": " + e.getMessage(), e);
        }
    }

    private PruneOptions options(boolean eagle) {
        if (percent > 0 && percent < 1) {
            throw new SlimException(String.format(Locale.ROOT,
                    "prune: --percent is a percentage (0 < P < 100): write %s for %s of the channels, not %s",
                    trim(percent * 100), trim(percent), trim(percent)));
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
        return PruneOptions.method(eagle ? "l1" : method, percent).withRoundTo(roundTo).withMinKeep(minKeep).withIgnoredRows(rows)
                .withIgnoredLayers(layers).withKeepHeadInputs(keepHeadInputs).withBetaCompensation(betaCompensation)
                .withSeed(seed);
    }

    private Map<String, Object> args(PrunePlan plan, PruneReport report, LayerPruning.Result cut) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("command", "prune");
        if (source.weights != null) {
            a.putAll(PrunedRun.parentArgs(source.weights));
        } else {
            a.put("cfg", source.cfg);
        }
        if (cut != null) {
            a.put("layers", layers);
            a.put("removed_layers", cut.removed().stream().map(LayerPruning.Unit::name).toList());
        }
        if (plan != null) {
            a.put("method", method.toLowerCase(Locale.ROOT));
            a.putAll(plan.options().toMap());
        }
        if (plan != null && "eagleeye".equalsIgnoreCase(method)) {
            a.put("percent", percent);
            a.put("data", data.toAbsolutePath().normalize().toString());
            a.put("candidates", candidates);
            a.put("budget", budget.toLowerCase(Locale.ROOT));
            a.put("max_ratio", maxRatio);
            a.put("calib_batches", calibBatches);
            a.put("data_img", dataImg());
            a.put("batch", batch);
        }
        if (plan != null) {
            a.put("prunable_channels", plan.prunableChannels());
            a.put("removed_channels", plan.removedChannels());
        }
        a.putAll(report.figures());
        return a;
    }

    private static String trim(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
