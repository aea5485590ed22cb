package org.slimlab.kernel.maven;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves artifacts and their run-time dependencies (compile and runtime scope, optional ones left out,
 * exclusions honoured) the way Maven does: breadth first, and the nearest declaration of an artifact
 * wins over deeper ones.
 */
public final class DependencyResolver {
    private final Repository repository;
    private final PomModels poms;

    public DependencyResolver(Repository repository) {
        this.repository = repository;
        this.poms = new PomModels(repository);
    }

    /** The resolved artifacts, roots first, then breadth first. */
    public List<Coordinates> resolve(List<Coordinates> roots) {
        record Node(Coordinates artifact, Set<String> exclusions) {
        }
        Map<String, Coordinates> chosen = new LinkedHashMap<>();
        Deque<Node> queue = new ArrayDeque<>();
        roots.forEach(r -> queue.add(new Node(r, Set.of())));
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            if (chosen.containsKey(node.artifact.key())) {
                continue;
            }
            chosen.put(node.artifact.key(), node.artifact);
            PomModel model = poms.load(node.artifact);
            for (Dependency d : model.dependencies()) {
                if (!d.needed() || excluded(d, node.exclusions)) {
                    continue;
                }
                if (d.version() == null || d.version().contains("${")) {
                    throw new ResolutionException(node.artifact + " depends on " + d.groupId() + ":" + d.artifactId()
                            + " without a usable version (" + d.version() + ")");
                }
                Set<String> excl = new HashSet<>(node.exclusions);
                excl.addAll(d.exclusions());
                Coordinates c = new Coordinates(d.groupId(), d.artifactId(), version(d, node.artifact), d.extension(),
                        d.classifier() == null ? "" : d.classifier());
                queue.add(new Node(c, excl));
            }
        }
        return new ArrayList<>(chosen.values());
    }

    /** The files to put on a class path: every resolved jar (poms contribute only their dependencies). */
    public List<Path> resolveFiles(List<Coordinates> roots) {
        List<Path> files = new ArrayList<>();
        for (Coordinates c : resolve(roots)) {
            if (!c.extension().equals("pom")) {
                files.add(repository.fetch(c));
            }
        }
        return files;
    }

    private static boolean excluded(Dependency d, Set<String> exclusions) {
        for (String e : exclusions) {
            String[] p = e.split(":", 2);
            boolean group = p[0].equals("*") || p[0].equals(d.groupId());
            boolean artifact = p.length < 2 || p[1].equals("*") || p[1].equals(d.artifactId());
            if (group && artifact) {
                return true;
            }
        }
        return false;
    }

    /** A fixed version; for a range, its lower bound when that bound is inclusive. */
    private static String version(Dependency d, Coordinates owner) {
        String v = d.version().trim();
        if (!v.startsWith("[") && !v.startsWith("(")) {
            return v;
        }
        String lower = v.substring(1).split(",", 2)[0].replace("]", "").replace(")", "").trim();
        if (v.startsWith("[") && !lower.isEmpty()) {
            return lower;
        }
        throw new ResolutionException(owner + " asks for " + d.groupId() + ":" + d.artifactId() + ":" + v
                + ", a version range without an inclusive lower bound; add the dependency yourself with a fixed version");
    }
}
