package org.slimlab.kernel.magic;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %classpath [PATH...]}: adds directories or jars (patterns allowed) to the cells' class path;
 * without arguments prints the class path. Each argument may itself hold several entries joined by
 * the platform's path separator.
 */
public final class ClasspathMagic implements Magic {

    @Override
    public Object run(MagicContext context, List<String> args) {
        if (args.isEmpty()) {
            System.out.println(describe(context));
            return null;
        }
        List<Path> added = new ArrayList<>();
        for (String arg : args) {
            for (String entry : arg.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                List<Path> paths = Globs.expand(entry, context.workingDirectory());
                if (paths.isEmpty()) {
                    throw new MagicException("%classpath: nothing matches " + entry);
                }
                paths.forEach(context::addToClasspath);
                added.addAll(paths);
            }
        }
        System.out.println("Added " + added.size() + (added.size() == 1 ? " entry" : " entries") + " to the class path");
        return null;
    }

    private static String describe(MagicContext context) {
        StringBuilder sb = new StringBuilder("Kernel class path:\n");
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            sb.append("  ").append(e).append('\n');
        }
        List<String> added = context.addedClasspath();
        sb.append(added.isEmpty() ? "Added: none" : "Added:");
        added.forEach(e -> sb.append("\n  ").append(e));
        return sb.toString();
    }
}
