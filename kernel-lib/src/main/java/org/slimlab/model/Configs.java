package org.slimlab.model;

import org.slimlab.SlimException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The model configs shipped with SlimLab and the rules that find a config by name: a path on
 * disk, else a built-in; {@code yolov8n.yaml} falls back to {@code yolov8.yaml} with scale n, as in
 * Ultralytics.
 */
public final class Configs {
    private static final String DIR = "/org/slimlab/configs/";
    private static final List<String> BUILTIN = readIndex();

    private Configs() {
    }

    /** Names of the shipped config files, without extension ({@code yolov8} has scales n/s/m/l/x). */
    public static List<String> builtin() {
        return BUILTIN;
    }

    /** The text of a shipped config, e.g. {@code text("yolov5s")}. */
    public static String text(String name) {
        String stem = SpecReader.stem(name);
        try (InputStream in = Configs.class.getResourceAsStream(DIR + stem + ".yaml")) {
            if (in == null || !BUILTIN.contains(stem)) {
                throw new SlimException("no built-in config '" + name + "' (built-in: " + String.join(", ", BUILTIN) + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlimException("cannot read built-in config " + name + ": " + e.getMessage(), e);
        }
    }

    static ModelSpec load(String cfg, String scale) {
        Path path = Path.of(cfg);
        String stem = SpecReader.stem(cfg);
        if (Files.isRegularFile(path)) {
            return SpecReader.read(read(path), cfg, stem, scale);
        }
        String unified = unified(stem);
        Path sibling = path.resolveSibling(unified + ".yaml");
        if (cfg.matches(".*\\.ya?ml$") && !unified.equals(stem) && Files.isRegularFile(sibling)) {
            return SpecReader.read(read(sibling), sibling.toString(), stem, scale);
        }
        if (BUILTIN.contains(stem)) {
            return SpecReader.read(text(stem), stem + ".yaml", stem, scale);
        }
        if (BUILTIN.contains(unified)) {
            return SpecReader.read(text(unified), unified + ".yaml", stem, scale);
        }
        throw new SlimException("no such model config '" + cfg + "': not a file, not a built-in (built-in: "
                + String.join(", ", BUILTIN) + "; yolov8 and its variants also as yolov8n, yolov8s, ...)");
    }

    /** {@code yolov8n-csppc} → {@code yolov8-csppc}: the file that holds the scales. */
    static String unified(String stem) {
        return stem.replaceFirst("(\\d+)[nslmx](.+)?$", "$1$2");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlimException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readIndex() {
        try (InputStream in = Configs.class.getResourceAsStream(DIR + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("the built-in config index is missing from the class path");
            }
            List<String> names = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    names.add(l.strip());
                }
            }
            return Collections.unmodifiableList(names);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in config index", e);
        }
    }
}
