package org.slimlab.kernel.magic;

import org.slimlab.kernel.maven.Coordinates;
import org.slimlab.kernel.maven.DependencyResolver;
import org.slimlab.kernel.maven.ResolutionException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code %maven group:artifact:version...}: resolves the artifacts and their run-time dependencies from
 * the local Maven repository, downloading what is missing from Maven Central when it is reachable, and
 * adds the jars to the class path.
 */
public final class MavenMagic implements Magic {
    private final Supplier<DependencyResolver> resolver;

    public MavenMagic(Supplier<DependencyResolver> resolver) {
        this.resolver = resolver;
    }

    @Override
    public Object run(MagicContext context, List<String> args) {
        if (args.isEmpty()) {
            throw new MagicException("%maven needs coordinates, e.g. %maven org.apache.commons:commons-csv:1.10.0");
        }
        try {
            List<Coordinates> roots = args.stream().map(Coordinates::parse).toList();
            List<Path> jars = resolver.get().resolveFiles(roots);
            List<String> known = context.addedClasspath();
            int added = 0;
            for (Path jar : jars) {
                if (!known.contains(jar.toString())) {
                    context.addToClasspath(jar);
                    added++;
                }
            }
            System.out.println("Resolved " + String.join(", ", args) + ": " + jars.size()
                    + (jars.size() == 1 ? " jar" : " jars") + ", " + added + " added to the class path");
            return null;
        } catch (ResolutionException e) {
            throw new MagicException("%maven: " + e.getMessage(), e);
        }
    }
}
