package org.slimlab.kernel.maven;

import java.util.List;

/**
 * A {@code <dependency>} as written in a pom (fields may still be null before management is applied).
 *
 * @param exclusions {@code group:artifact} patterns, {@code *} allowed in either part
 */
record Dependency(String groupId, String artifactId, String version, String type, String classifier,
                  String scope, boolean optional, List<String> exclusions) {

    /** Key used by dependency management: group, artifact, type and classifier. */
    String managementKey() {
        return groupId + ":" + artifactId + ":" + typeOrJar() + ":" + (classifier == null ? "" : classifier);
    }

    String typeOrJar() {
        return type == null ? "jar" : type;
    }

    /** Whether this dependency is needed at run time: compile or runtime scope and not optional. */
    boolean needed() {
        return !optional && (scope == null || scope.equals("compile") || scope.equals("runtime"));
    }

    /** The artifact's file extension for its type. */
    String extension() {
        return switch (typeOrJar()) {
            case "bundle", "maven-plugin", "ejb", "test-jar" -> "jar";
            default -> typeOrJar();
        };
    }

    /** This dependency with management defaults (version, scope, exclusions) filled in. */
    Dependency managedBy(Dependency managed) {
        if (managed == null) {
            return this;
        }
        List<String> excl = exclusions.isEmpty() ? managed.exclusions : exclusions;
        return new Dependency(groupId, artifactId, version != null ? version : managed.version, type, classifier,
                scope != null ? scope : managed.scope, optional, excl);
    }
}
