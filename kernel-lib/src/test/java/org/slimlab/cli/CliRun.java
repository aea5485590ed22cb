package org.slimlab.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One command line run in-process through {@link Main#commandLine()}: exit code, standard output and error. */
record CliRun(int code, String out, String err) {

    /** Runs {@code args} as {@code ./slim} would, capturing both streams. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    List<String> lines() {
        return out.lines().toList();
    }

    String last() {
        List<String> l = lines();
        return l.get(l.size() - 1);
    }

    /** The {@code --json} object on the last line. */
    JsonObject json() {
        return JsonParser.parseString(last()).getAsJsonObject();
    }
}
