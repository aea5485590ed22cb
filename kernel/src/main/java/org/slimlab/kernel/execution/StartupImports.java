package org.slimlab.kernel.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The imports every notebook starts with: common JDK packages, XChart, Tablesaw, DJL's arrays, every
 * package of the SlimLab library (found by scanning it, so new packages are picked up), and the static
 * notebook API ({@code Slim.*}, display functions, magics).
 */
public final class StartupImports {
    private static final List<String> FIXED = List.of(
            "java.io", "java.math", "java.net", "java.nio.file", "java.util", "java.util.concurrent",
            "java.util.function", "java.util.regex", "java.util.stream",
            "ai.djl.ndarray", "ai.djl.ndarray.types",
            "org.knowm.xchart", "org.knowm.xchart.style",
            "tech.tablesaw.api");
    private static final List<String> STATIC = List.of(
            "org.dflib.jjava.jupyter.kernel.BaseNotebookStatics",
            "org.slimlab.notebook.Slim",
            "org.slimlab.kernel.Notebook");
    private static final String LIBRARY_ROOT = "org/slimlab/";
    private static final String EXCLUDED = "org.slimlab.cli";

    private StartupImports() {
    }

    /** One import statement per element, in evaluation order. */
    public static List<String> statements(Class<?> libraryClass) {
        List<String> out = new ArrayList<>();
        FIXED.forEach(p -> out.add("import " + p + ".*;"));
        libraryPackages(libraryClass).forEach(p -> out.add("import " + p + ".*;"));
        out.add("import ai.djl.Device;");
        STATIC.forEach(c -> out.add("import static " + c + ".*;"));
        return out;
    }

    /** The packages under {@code org.slimlab} in the jar or directory that holds {@code libraryClass}. */
    static TreeSet<String> libraryPackages(Class<?> libraryClass) {
        Path location;
        try {
            location = Path.of(libraryClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + libraryClass.getName(), e);
        }
        TreeSet<String> packages = new TreeSet<>();
        for (String entry : classEntries(location)) {
            int slash = entry.lastIndexOf('/');
            if (entry.startsWith(LIBRARY_ROOT) && slash > 0 && !entry.contains("$")) {
                String pkg = entry.substring(0, slash).replace('/', '.');
                if (!pkg.equals(EXCLUDED) && !pkg.startsWith(EXCLUDED + ".")) {
                    packages.add(pkg);
                }
            }
        }
        return packages;
    }

    private static List<String> classEntries(Path location) {
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .forEach(f -> names.add(location.relativize(f).toString().replace('\\', '/')));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String n = e.nextElement().getName();
                        if (n.endsWith(".class")) {
                            names.add(n);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
        return names;
    }
}
