package org.slimlab.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slimlab.SlimException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An Ultralytics data yaml: {@code path} (dataset root), {@code train}, {@code val} (and optional {@code test}):
 * each an image folder, a .txt list of image paths, or a list of those; {@code names} as a list or an index map;
 * {@code nc} optional but, when given, equal to the number of names (with {@code nc} alone the names are
 * {@code class0, class1, ...}).
 *
 * <p>Relative paths: a relative {@code path} is resolved against the folder holding the yaml file (an absent
 * {@code path} means that folder); split entries are resolved against the root.
 *
 * @param file   the yaml file
 * @param root   the dataset root
 * @param splits split name to its sources (folders, .txt lists or single images), in yaml order
 * @param names  class names, index = class id
 */
public record DataYaml(Path file, Path root, Map<String, List<Path>> splits, List<String> names) {
    private static final List<String> SPLITS = List.of("train", "val", "test");

    /** Number of classes. */
    public int nc() {
        return names.size();
    }

    /** The sources of {@code split} ("train", "val" or "test"). */
    public List<Path> sources(String split) {
        List<Path> s = splits.get(split);
        if (s == null) {
            throw new SlimException(file + ": no '" + split + "' split");
        }
        return s;
    }

    /** Reads and checks a data yaml; problems are one-line {@link SlimException}s naming the file and key. */
    public static DataYaml load(Path file) {
        Map<?, ?> map = readMap(file);
        Path dir = file.toAbsolutePath().normalize().getParent();
        Path root = dir;
        Object p = map.get("path");
        if (p != null) {
            if (!(p instanceof String s) || s.isBlank()) {
                throw new SlimException(file + ": key 'path' must be a folder, got '" + p + "'");
            }
            root = dir.resolve(s).normalize();
        }
        Map<String, List<Path>> splits = new java.util.LinkedHashMap<>();
        for (String split : SPLITS) {
            Object v = map.get(split);
            if (v == null) {
                if (!split.equals("test")) {
                    throw new SlimException(file + ": missing key '" + split + "'");
                }
                continue;
            }
            splits.put(split, sources(file, root, split, v));
        }
        return new DataYaml(file, root, Map.copyOf(splits), names(file, map));
    }

    private static Map<?, ?> readMap(Path file) {
        Object doc;
        try (Reader r = Files.newBufferedReader(file)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (NoSuchFileException e) {
            throw new SlimException(file + ": data yaml not found");
        } catch (IOException e) {
            throw new SlimException(file + ": cannot read data yaml (" + e.getMessage() + ")");
        } catch (YAMLException e) {
            throw new SlimException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new SlimException(file + ": a data yaml must be a mapping with keys path, train, val, names");
        }
        return map;
    }

    private static List<Path> sources(Path file, Path root, String key, Object v) {
        List<Path> out = new ArrayList<>();
        List<?> items = v instanceof List<?> l ? l : List.of(v);
        for (Object item : items) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw new SlimException(file + ": key '" + key + "' must be a path or a list of paths, got '"
                        + item + "'");
            }
            out.add(root.resolve(s).normalize());
        }
        if (out.isEmpty()) {
            throw new SlimException(file + ": key '" + key + "' is an empty list");
        }
        return List.copyOf(out);
    }

    private static List<String> names(Path file, Map<?, ?> map) {
        Object n = map.get("names");
        Object nc = map.get("nc");
        if (nc != null && !(nc instanceof Integer)) {
            throw new SlimException(file + ": key 'nc' must be an integer, got '" + nc + "'");
        }
        List<String> names = new ArrayList<>();
        if (n instanceof List<?> list) {
            list.forEach(x -> names.add(String.valueOf(x)));
        } else if (n instanceof Map<?, ?> m) {
            for (int i = 0; i < m.size(); i++) {
                Object name = m.get(i);
                if (name == null) {
                    throw new SlimException(file + ": key 'names' maps class ids, but id " + i + " is missing");
                }
                names.add(String.valueOf(name));
            }
        } else if (n != null) {
            throw new SlimException(file + ": key 'names' must be a list or a map of class names");
        } else if (nc != null) {
            for (int i = 0; i < (Integer) nc; i++) {
                names.add("class" + i);
            }
        } else {
            throw new SlimException(file + ": missing key 'names'");
        }
        if (nc != null && (Integer) nc != names.size()) {
            throw new SlimException(file + ": nc is " + nc + " but 'names' has " + names.size() + " entries");
        }
        if (names.isEmpty()) {
            throw new SlimException(file + ": key 'names' is empty");
        }
        return List.copyOf(names);
    }
}
