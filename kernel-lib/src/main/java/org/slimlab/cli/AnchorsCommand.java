package org.slimlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slimlab.SlimException;
import org.slimlab.anchors.AnchorFit;
import org.slimlab.anchors.AnchorStats;
import org.slimlab.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./slim anchors}: fits an anchor-based model's anchors to a dataset (k-means, then a mutation loop). */
@Command(name = "anchors", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit the anchors of an anchor-based model to a dataset's boxes as YOLOv5's autoanchor does: "
                + "k-means on the box sizes, then a genetic refinement of the fitness.",
            "Reports best possible recall (BPR) and anchors above threshold before and after; --write saves the model "
                + "yaml with the fitted anchors."})
public final class AnchorsCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DATA", description = "Ultralytics data yaml (its train split is used)")
    private Path data;

    @Option(names = "--cfg", required = true, paramLabel = "FILE|NAME", description = "anchor-based model yaml or built-in name")
    private String cfg;

    @Option(names = "--img", defaultValue = "640", paramLabel = "PX", description = "training image side (default: ${DEFAULT-VALUE})")
    private int img;

    @Option(names = "--write", paramLabel = "OUT.yaml", description = "write the model yaml with the fitted anchors")
    private Path write;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--generations", defaultValue = "1000", paramLabel = "N", description = "mutation rounds (default: ${DEFAULT-VALUE})")
    private int generations;

    @Option(names = "--anchor-t", defaultValue = "4.0", paramLabel = "T",
            description = "largest box/anchor side ratio that still matches (default: ${DEFAULT-VALUE})")
    private double anchorT;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    private boolean json;

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(data)) {
            throw new SlimException(data + ": no such data yaml");
        }
        if (generations < 0 || !(anchorT > 1)) {
            throw new SlimException("anchors: --generations must be 0 or more and --anchor-t above 1, got " + generations
                    + " and " + anchorT);
        }
        PrintWriter out = command.commandLine().getOut();
        AnchorFit.Result r = AnchorFit.fit(ModelSpec.load(cfg), data,
                img, new AnchorFit.Options(anchorT, generations, seed));
        out.print(r.text());
        if (write != null) {
            r.spec().write(write);
            out.printf(Locale.ROOT, "wrote %s%n", write);
        }
        if (json) {
            AnchorStats b = r.beforeStats();
            AnchorStats a = r.afterStats();
            out.println(new JsonOut().put("boxes", r.boxes()).put("bpr_before", b.bpr()).put("bpr_after", a.bpr())
                    .put("aat_before", b.aat()).put("aat_after", a.aat()).put("fitness_before", b.fitness())
                    .put("fitness_after", a.fitness()).put("anchors", anchorList(r.after())));
        }
        out.flush();
        return 0;
    }

    private static List<List<Double>> anchorList(double[][] anchors) {
        return Arrays.stream(anchors).map(a -> List.of(a[0], a[1])).toList();
    }
}
