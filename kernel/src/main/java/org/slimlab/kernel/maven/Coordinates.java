package org.slimlab.kernel.maven;

/**
 * A Maven artifact: {@code group:artifact[:extension[:classifier]]:version}.
 *
 * @param classifier empty when there is none
 */
public record Coordinates(String groupId, String artifactId, String version, String extension, String classifier) {

    /** Parses {@code g:a:v}, {@code g:a:ext:v} or {@code g:a:ext:classifier:v}. */
    public static Coordinates parse(String text) {
        String[] p = text.trim().split(":", -1);
        for (String part : p) {
            if (part.isBlank()) {
                throw bad(text);
            }
        }
        return switch (p.length) {
            case 3 -> new Coordinates(p[0], p[1], p[2], "jar", "");
            case 4 -> new Coordinates(p[0], p[1], p[3], p[2], "");
            case 5 -> new Coordinates(p[0], p[1], p[4], p[2], p[3]);
            default -> throw bad(text);
        };
    }

    private static ResolutionException bad(String text) {
        return new ResolutionException("not Maven coordinates: '" + text + "' (expected group:artifact:version)");
    }

    /** {@code group:artifact:version}, the way users write it. */
    public String gav() {
        return groupId + ":" + artifactId + ":" + version;
    }

    /** The same artifact's pom. */
    public Coordinates pom() {
        return new Coordinates(groupId, artifactId, version, "pom", "");
    }

    /** Identity for version mediation: group, artifact, extension and classifier, without the version. */
    public String key() {
        return groupId + ":" + artifactId + ":" + extension + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    /** The file's path in a repository laid out like {@code ~/.m2/repository}. */
    public String path() {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version
                + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + (extension.equals("jar") && classifier.isEmpty() ? ""
                : ":" + extension + (classifier.isEmpty() ? "" : ":" + classifier)) + ":" + version;
    }
}
