package org.slimlab.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;
import org.slimlab.report.Latency;
import org.slimlab.report.LatencyTable;
import org.slimlab.train.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./slim bench}: inference latency of one or more models (runs or configs), the first being the
 * reference for the FLOPs ratio and the speed-up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Inference latency after warm-up (median of alternating runs), with GFLOPs, the FLOPs ratio and the "
                + "measured speed-up against the first model.",
            "Models in order: every --cfg, then every --weights; the first is the reference."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--weights", paramLabel = "RUN", description = "a run or model directory (repeatable)")
    private List<Path> runs = new ArrayList<>();

    @Option(names = "--cfg", paramLabel = "FILE_OR_NAME", description = "a model yaml or built-in name, freshly initialized (repeatable)")
    private List<String> cfgs = new ArrayList<>();

    @Option(names = "--nc", paramLabel = "N", description = "number of classes of --cfg models (default: the yaml's nc)")
    private Integer nc;

    @Option(names = "--img", split = ",", defaultValue = "640", paramLabel = "PX", description = "image sizes, e.g. 320,640 (default: ${DEFAULT-VALUE})")
    private List<Integer> imgs;

    @Option(names = "--batch", split = ",", defaultValue = "1", paramLabel = "B", description = "batch sizes, e.g. 1,16 (default: ${DEFAULT-VALUE})")
    private List<Integer> batches;

    @Option(names = "--warmup", defaultValue = "" + Latency.DEFAULT_WARMUP, paramLabel = "N", description = "untimed runs first (default: ${DEFAULT-VALUE})")
    private int warmup;

    @Option(names = "--runs", defaultValue = "" + Latency.DEFAULT_RUNS, paramLabel = "N", description = "timed runs per model and size (default: ${DEFAULT-VALUE})")
    private int timed;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu", description = "device: cpu, gpu or gpuN (default: ${DEFAULT-VALUE})")
    private String device;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "seed of --cfg weights (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write the table as CSV")
    private Path csv;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    private boolean json;

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        if (cfgs.isEmpty() && runs.isEmpty()) {
            throw new SlimException("bench: give a model with --weights RUN or --cfg FILE");
        }
        PrintWriter out = command.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager(Devices.of(device))) {
            List<LatencyTable.Entry> entries = new ArrayList<>();
            for (String cfg : cfgs) {
                Engine.getInstance().setRandomSeed((int) seed);
                ModelSpec spec = ModelSpec.load(cfg);
                entries.add(new LatencyTable.Entry(cfg, YoloModel.build(nc == null ? spec : spec.withNc(nc)).initialize(manager)));
            }
            for (Path run : runs) {
                Path name = run.toAbsolutePath().normalize().getFileName();
                entries.add(new LatencyTable.Entry(name == null ? run.toString() : name.toString(), YoloModel.load(run, manager)));
            }
            LatencyTable table = LatencyTable.measure(entries, imgs, batches, warmup, timed);
            out.print(table.text());
            if (csv != null) {
                table.writeCsv(csv);
                out.println("wrote " + csv);
            }
            if (json) {
                LatencyTable.Row first = table.rows().get(0);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (LatencyTable.Row r : table.rows()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("model", r.model());
                    m.put("batch", r.latency().batch());
                    m.put("img", r.latency().img());
                    m.put("latency_ms", round(r.latency().medianMs()));
                    m.put("gflops", round(r.gflops()));
                    m.put("flops_ratio", round(r.flopsRatio()));
                    m.put("speedup", round(r.speedup()));
                    rows.add(m);
                }
                out.println(new JsonOut().put("latency_ms", round(first.latency().medianMs()))
                        .put("batch", first.latency().batch()).put("img", first.latency().img())
                        .put("device", first.latency().device()).put("rows", rows));
            }
        }
        out.flush();
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
