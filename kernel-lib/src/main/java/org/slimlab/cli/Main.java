package org.slimlab.cli;

import org.slimlab.SlimException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./slim}: the command-line face of the toolkit. Each subcommand is one class in this package. */
@Command(name = "slim", mixinStandardHelpOptions = true, version = "SlimLab 0.1.0",
        description = "Slim YOLO detectors: train, train --sr, prune, finetune, distil, compare.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DataCommand.class,
            SummaryCommand.class,
            EditCommand.class,
            TrainCommand.class,
            ValCommand.class,
            PruneCommand.class,
            BenchCommand.class,
            ReportCommand.class,
            CompareCommand.class,
            AnchorsCommand.class,
        })
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * Builds the command line with SlimLab's error handling (user errors are one line, exit 2) and
     * the training extensions ({@code train --sr}, {@code train --teacher}).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("train").addMixin("sparsity", new SparsityOptions());
        cl.getSubcommands().get("train").addMixin("distill", new DistillOptions());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof SlimException)) {
                t = t.getCause();
            }
            if (t != null) {
                cmd.getErr().println("error: " + t.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
