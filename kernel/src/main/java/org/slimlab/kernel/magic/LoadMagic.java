package org.slimlab.kernel.magic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code %load FILE}: evaluates a {@code .jsh}/{@code .jshell} script or a {@code .java} file (its
 * {@code package} line is dropped) as if it were a cell; the file's last expression is the result.
 */
public final class LoadMagic implements Magic {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;");

    @Override
    public Object run(MagicContext context, List<String> args) throws IOException {
        if (args.size() != 1) {
            throw new MagicException("%load takes one file, e.g. %load utils.jsh");
        }
        Path file = context.workingDirectory().resolve(args.get(0)).normalize();
        if (!Files.isRegularFile(file)) {
            throw new MagicException("%load: no such file: " + file);
        }
        String source = Files.readString(file);
        if (file.getFileName().toString().endsWith(".java")) {
            source = PACKAGE.matcher(source).replaceFirst("");
        }
        var result = context.evaluate(source, file.getFileName().toString());
        return result.present() ? result.value() : null;
    }
}
