package org.slimlab.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code %jars PATTERN...}: adds every jar matching the patterns, e.g. {@code %jars lib/*.jar}. */
public final class JarsMagic implements Magic {

    @Override
    public Object run(MagicContext context, List<String> args) {
        if (args.isEmpty()) {
            throw new MagicException("%jars needs at least one jar file or pattern, e.g. %jars lib/*.jar");
        }
        List<Path> jars = new ArrayList<>();
        for (String pattern : args) {
            List<Path> found = Globs.expand(pattern, context.workingDirectory()).stream()
                    .filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
            if (found.isEmpty()) {
                throw new MagicException("%jars: no jar matches " + pattern);
            }
            jars.addAll(found);
        }
        jars.forEach(context::addToClasspath);
        System.out.println("Added " + jars.size() + (jars.size() == 1 ? " jar" : " jars") + " to the class path");
        return null;
    }
}
