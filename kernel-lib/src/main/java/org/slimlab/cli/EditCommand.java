package org.slimlab.cli;

import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code ./slim edit}: deletes rows (every {@code from} re-indexed) and/or rescales, then writes the yaml. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Delete rows (re-indexing every from) and/or set depth and width multiples; write the yaml.")
public final class EditCommand implements Callable<Integer> {

    @Option(names = "--cfg", required = true, paramLabel = "FILE", description = "model yaml or built-in name")
    private String cfg;

    @Option(names = "--scale", paramLabel = "LETTER", description = "scale of a yaml with scales (n, s, m, l, x)")
    private String scale;

    @Option(names = "--remove", paramLabel = "ROWS", description = "rows to delete: 5, 5,7 or 5-7")
    private String remove;

    @Option(names = "--depth", paramLabel = "D", description = "new depth_multiple")
    private Double depth;

    @Option(names = "--width", paramLabel = "W", description = "new width_multiple")
    private Double width;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "yaml file to write")
    private Path out;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    private boolean json;

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        if (remove == null && depth == null && width == null) {
            throw new SlimException("nothing to edit: give --remove ROWS and/or --depth/--width");
        }
        ModelSpec spec = ModelSpec.load(cfg, scale);
        if (remove != null) {
            spec = spec.remove(rows(remove));
        }
        if (depth != null || width != null) {
            spec = spec.scale(depth != null ? depth : spec.depthMultiple(), width != null ? width : spec.widthMultiple());
        }
        String stem = out.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        ModelSummary summary = ModelSummary.of(spec.withName(stem));
        spec.write(out);
        PrintWriter w = command.commandLine().getOut();
        w.print(summary.text());
        w.println("wrote " + out + " (" + spec.rows().size() + " rows)");
        if (json) {
            w.println(new JsonOut().put("rows", spec.rows().size()).put("parameters", summary.parameters()));
        }
        w.flush();
        return 0;
    }

    /** Parses {@code 5}, {@code 5,7}, {@code 5-7} and mixes of them. */
    static int[] rows(String text) {
        TreeSet<Integer> rows = new TreeSet<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(p.substring(0, dash).strip());
                    int b = Integer.parseInt(p.substring(dash + 1).strip());
                    if (a > b) {
                        throw new NumberFormatException();
                    }
                    for (int i = a; i <= b; i++) {
                        rows.add(i);
                    }
                } else {
                    rows.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new SlimException("--remove: cannot read '" + p + "' (use 5, 5,7 or 5-7)");
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }
}
