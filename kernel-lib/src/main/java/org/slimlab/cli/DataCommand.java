package org.slimlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.slimlab.data.FashionDet;
import org.slimlab.data.FashionMnist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./slim data ...}: dataset tools. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Dataset tools.",
        subcommands = {CommandLine.HelpCommand.class})
public final class DataCommand implements Runnable {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ./slim data fashion-det}: writes the FashionDet dataset in YOLO format. */
    @Command(name = "fashion-det", mixinStandardHelpOptions = true,
            description = {"Compose the FashionDet detection dataset (YOLO format) from Fashion-MNIST.",
                "Source: --source, else $" + FashionMnist.ENV
                    + ", else /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)."})
    int fashionDet(
            @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
            Path out,
            @Option(names = "--train", defaultValue = "8000", paramLabel = "N",
                    description = "train images (default: ${DEFAULT-VALUE})")
            int train,
            @Option(names = "--val", defaultValue = "1000", paramLabel = "N",
                    description = "val images (default: ${DEFAULT-VALUE})")
            int val,
            @Option(names = "--img", defaultValue = "256", paramLabel = "PX",
                    description = "image side in pixels (default: ${DEFAULT-VALUE})")
            int img,
            @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
                    description = "random seed (default: ${DEFAULT-VALUE})")
            long seed,
            @Option(names = "--format", defaultValue = "jpg", paramLabel = "jpg|png",
                    description = "image file format (default: ${DEFAULT-VALUE})")
            String format,
            @Option(names = "--source", paramLabel = "DIR",
                    description = "Fashion-MNIST folder with the idx .gz files")
            Path source,
            @Option(names = "--json", description = "print a JSON object as the last line")
            boolean json) {
        FashionDet.Config config = FashionDet.Config.defaults().withSizes(train, val).withImg(img).withSeed(seed)
                .withFormat(format);
        FashionDet.Result r = FashionDet.generate(FashionMnist.locate(source), out, config);
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%-6s %8s %8s%n", "split", "images", "objects");
        o.printf(Locale.ROOT, "%-6s %8d %8d%n", "train", r.trainImages(), r.trainObjects());
        o.printf(Locale.ROOT, "%-6s %8d %8d%n", "val", r.valImages(), r.valObjects());
        o.printf(Locale.ROOT, "%-6s %8d %8d%n", "all", r.images(), r.objects());
        o.printf(Locale.ROOT, "wrote %s (%d px, seed %d) in %.1f s%n", r.dataYaml(), img, seed, r.seconds());
        if (json) {
            o.println(new JsonOut().put("images", r.images()).put("objects", r.objects()));
        }
        o.flush();
        return 0;
    }
}
