package org.slimlab.cli;

import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./slim summary}: per-layer table and the Ultralytics summary line of a config or run. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Per-layer table, then '<name> summary: L layers, P parameters, G GFLOPs' (Ultralytics counting).")
public final class SummaryCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--cfg", paramLabel = "FILE_OR_NAME", description = "model yaml, or a built-in name (yolov5s, yolov8n ...)")
        String cfg;

        @Option(names = "--weights", paramLabel = "RUN", description = "a run or model directory holding model.yaml")
        Path run;
    }

    @Option(names = "--scale", paramLabel = "LETTER", description = "scale of a yaml with scales (n, s, m, l, x)")
    private String scale;

    @Option(names = "--nc", paramLabel = "N", description = "number of classes (default: the yaml's nc)")
    private Integer nc;

    @Option(names = "--img", paramLabel = "PX", defaultValue = "640", description = "image size for GFLOPs (default: ${DEFAULT-VALUE})")
    private int img;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    private boolean json;

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        ModelSpec spec;
        if (source.cfg != null) {
            spec = ModelSpec.load(source.cfg, scale);
        } else {
            if (scale != null) {
                throw new SlimException("--scale applies to --cfg only; a run's model.yaml is already scaled");
            }
            spec = ModelSpec.loadRun(source.run);
        }
        if (nc != null) {
            spec = spec.withNc(nc);
        }
        ModelSummary summary = ModelSummary.of(spec, img);
        PrintWriter out = command.commandLine().getOut();
        out.print(summary.text());
        if (json) {
            out.println(new JsonOut().put("layers", summary.layers()).put("parameters", summary.parameters())
                    .put("gflops", Math.round(summary.gflops() * 1e4) / 1e4));
        }
        out.flush();
        return 0;
    }
}
