package org.slimlab.kernel.magic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** Expands file patterns such as {@code lib/*.jar} or {@code deps/**}{@code /*.jar}. */
final class Globs {

    private Globs() {
    }

    /** The files matching {@code pattern} (relative to {@code base} unless absolute), sorted. */
    static List<Path> expand(String pattern, Path base) {
        String expanded = pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        int wild = firstWildcard(expanded);
        if (wild < 0) {
            Path p = base.resolve(expanded).normalize();
            return Files.exists(p) ? List.of(p) : List.of();
        }
        int slash = expanded.lastIndexOf('/', wild);
        Path root = base.resolve(slash < 0 ? "." : expanded.substring(0, slash + 1)).normalize();
        String rest = slash < 0 ? expanded : expanded.substring(slash + 1);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : (int) rest.chars().filter(c -> c == '/').count() + 1;
        try (Stream<Path> files = Files.walk(root, depth)) {
            return files.filter(p -> !p.equals(root) && matcher.matches(root.relativize(p))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }
}
