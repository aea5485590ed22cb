package org.slimlab.cli;

import org.slimlab.notebook.Slim;
import org.slimlab.report.NotebookReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./slim report}: every notebook executed on the SlimLab kernel and rendered as an HTML report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Executes the notebooks on the SlimLab kernel and renders HTML reports (inputs, Java highlighted, plots) "
                + "with the git commit, Java, DJL and libtorch versions, device, seeds and wall time; index.html lists them.",
            "Needs Jupyter's nbclient and nbconvert (environment/install) and the slimlab kernelspec. "
                + "Exit code 1 when a notebook had an error."})
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "quick mode (SLIMLAB_QUICK=1, also when already set): tiny data and few steps")
    private boolean quick;

    @Option(names = "--out", defaultValue = "reports", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--notebooks", defaultValue = "notebooks", paramLabel = "DIR", description = "notebook folder (default: ${DEFAULT-VALUE})")
    private Path notebooks;

    @Option(names = "--only", split = ",", paramLabel = "PREFIX", description = "run only notebooks whose file name starts so, e.g. 00,01")
    private List<String> only = new ArrayList<>();

    @Option(names = "--kernel", defaultValue = "slimlab", paramLabel = "NAME", description = "kernelspec (default: ${DEFAULT-VALUE})")
    private String kernel;

    @Option(names = "--timeout", defaultValue = "1200", paramLabel = "S", description = "seconds per cell (default: ${DEFAULT-VALUE})")
    private int timeout;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    private boolean json;

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        List<NotebookReport.Outcome> outcomes = new NotebookReport(notebooks, out, only, quick || Slim.quick(), kernel, timeout).run();
        PrintWriter pw = command.commandLine().getOut();
        int failed = 0;
        double seconds = 0;
        for (NotebookReport.Outcome o : outcomes) {
            failed += o.errors().isEmpty() ? 0 : 1;
            seconds += o.seconds();
        }
        pw.printf(Locale.ROOT, "%d notebook(s), %d with errors, %.1f s; open %s%n", outcomes.size(), failed, seconds,
                out.resolve("index.html"));
        if (json) {
            pw.println(new JsonOut().put("notebooks", outcomes.size()).put("failed", failed)
                    .put("seconds", Math.round(seconds * 10) / 10.0).put("index", out.resolve("index.html").toString()));
        }
        pw.flush();
        return failed == 0 ? 0 : 1;
    }
}
