package org.slimlab.kernel;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Compiles small Java sources into class directories and jars for class-path tests. */
final class CompiledClasses {

    private CompiledClasses() {
    }

    /** Compiles {@code source} (declaring {@code className}) into a fresh directory under {@code root}. */
    static Path directory(Path root, String className, String source) throws IOException {
        Path src = Files.createDirectories(root.resolve("src-" + className.replace('.', '-')));
        Path file = src.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
        Files.writeString(file, source);
        Path out = Files.createDirectories(root.resolve("classes-" + className.replace('.', '-')));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-d", out.toString(), file.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed for " + className);
        }
        return out;
    }

    /** Compiles {@code source} and packs the classes into {@code jar}. */
    static Path jar(Path root, Path jar, String className, String source) throws IOException {
        Path classes = directory(root, className, source);
        Files.createDirectories(jar.getParent());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }
}
