package org.slimlab.kernel.maven;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link PomModel}s: reads a pom and its parent chain, merges properties, dependencies and
 * dependency management (importing BOMs), and interpolates {@code ${...}} references.
 */
final class PomModels {
    private static final Pattern REF = Pattern.compile("\\$\\{([^}]+)}");
    private static final int MAX_PARENTS = 20;

    private final Repository repository;
    private final Map<String, Merged> cache = new HashMap<>();

    PomModels(Repository repository) {
        this.repository = repository;
    }

    /** The effective model of {@code artifact}'s pom. */
    PomModel load(Coordinates artifact) {
        Merged m = merged(artifact.pom(), 0);
        List<Dependency> deps = new ArrayList<>();
        for (Dependency d : m.dependencies.values()) {
            deps.add(d.managedBy(m.managed.get(d.managementKey())));
        }
        return new PomModel(artifact, deps, m.managed);
    }

    private record Merged(Map<String, String> properties, Map<String, Dependency> dependencies, Map<String, Dependency> managed) {
    }

    private Merged merged(Coordinates pom, int depth) {
        String key = pom.toString();
        Merged cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        if (depth > MAX_PARENTS) {
            throw new ResolutionException("parent chain of " + pom + " is too deep or circular");
        }
        RawPom raw = PomReader.read(repository.fetch(pom));
        Merged parent = raw.parent() == null ? null : merged(raw.parent(), depth + 1);
        Map<String, String> props = new HashMap<>();
        if (parent != null) {
            props.putAll(parent.properties);
        }
        props.putAll(raw.properties());
        String groupId = raw.groupId() != null ? raw.groupId() : raw.parent() == null ? pom.groupId() : raw.parent().groupId();
        String version = raw.version() != null ? raw.version() : raw.parent() == null ? pom.version() : raw.parent().version();
        props.put("project.groupId", groupId);
        props.put("project.artifactId", raw.artifactId());
        props.put("project.version", version);
        props.put("pom.groupId", groupId);
        props.put("pom.version", version);
        props.put("version", version);
        if (raw.parent() != null) {
            props.put("project.parent.groupId", raw.parent().groupId());
            props.put("project.parent.version", raw.parent().version());
        }
        Map<String, Dependency> managed = new LinkedHashMap<>();
        if (parent != null) {
            managed.putAll(parent.managed);
        }
        for (Dependency d : raw.managed()) {
            Dependency di = interpolate(d, props);
            if ("import".equals(di.scope()) && "pom".equals(di.type())) {
                Merged bom = merged(new Coordinates(di.groupId(), di.artifactId(), di.version(), "pom", ""), depth + 1);
                bom.managed.forEach(managed::putIfAbsent);
            } else {
                managed.put(di.managementKey(), di);
            }
        }
        Map<String, Dependency> deps = new LinkedHashMap<>();
        if (parent != null) {
            deps.putAll(parent.dependencies);
        }
        for (Dependency d : raw.dependencies()) {
            Dependency di = interpolate(d, props);
            deps.put(di.managementKey(), di);
        }
        Merged m = new Merged(props, deps, managed);
        cache.put(key, m);
        return m;
    }

    private static Dependency interpolate(Dependency d, Map<String, String> props) {
        return new Dependency(resolve(d.groupId(), props), resolve(d.artifactId(), props), resolve(d.version(), props),
                resolve(d.type(), props), resolve(d.classifier(), props), resolve(d.scope(), props), d.optional(),
                d.exclusions().stream().map(e -> resolve(e, props)).toList());
    }

    /** Replaces {@code ${name}} references with property values, repeatedly (properties may refer to others). */
    static String resolve(String value, Map<String, String> props) {
        if (value == null) {
            return null;
        }
        String v = value;
        for (int pass = 0; pass < 10 && v.contains("${"); pass++) {
            Matcher m = REF.matcher(v);
            StringBuilder sb = new StringBuilder();
            boolean changed = false;
            while (m.find()) {
                String replacement = props.get(m.group(1));
                changed |= replacement != null;
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
            }
            m.appendTail(sb);
            v = sb.toString();
            if (!changed) {
                break;
            }
        }
        return v;
    }
}
