package org.slimlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slimlab.SlimException;
import org.slimlab.data.Augment;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Hyperparameter overrides under Ultralytics' keys, as {@code ./slim train --hyp} takes them: {@code KEY=VALUE}
 * pairs ({@code cls=1.0,mosaic=0}) or a yaml file of them (YOLOv5's {@code --hyp hyp.yaml}). The keys are the
 * loss gains, learning-rate and EMA settings of {@link TrainConfig} and the augmentation keys of {@link Augment};
 * an unknown key or a value that is not a number is a one-line error naming where it came from.
 */
public final class Hyperparameters {
    private static final List<String> TRAIN_KEYS = List.of("lr0", "lrf", "momentum", "weight_decay", "warmup_epochs",
            "warmup_momentum", "warmup_bias_lr", "box", "obj", "cls", "dfl", "label_smoothing", "anchor_t",
            "max_grad_norm", "ema_decay", "ema_tau");
    private static final Set<String> AUGMENT_KEYS = Augment.defaults().toMap().keySet();

    private final Map<String, Double> values;

    private Hyperparameters(Map<String, Double> values) {
        this.values = values;
    }

    /**
     * Reads overrides in order, later ones winning: each item is {@code KEY=VALUE} or the path of a yaml mapping.
     *
     * @throws SlimException naming the item (or file and key) that is not understood
     */
    public static Hyperparameters parse(List<String> items) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                String key = item.substring(0, eq).trim();
                m.put(key, number("--hyp " + item, key, item.substring(eq + 1).trim()));
            } else {
                m.putAll(file(Path.of(item)));
            }
        }
        return new Hyperparameters(m);
    }

    private static Map<String, Double> file(Path path) {
        Object o;
        try {
            o = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(path));
        } catch (IOException e) {
            throw new SlimException("--hyp " + path + ": not KEY=VALUE and not a readable yaml file");
        } catch (YAMLException e) {
            throw new SlimException(path + ": " + e.getMessage().replace('\n', ' '), e);
        }
        if (!(o instanceof Map<?, ?> map)) {
            throw new SlimException(path + ": expected a mapping of hyperparameters (key: value)");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(String.valueOf(k), number(path.toString(), String.valueOf(k), v)));
        return m;
    }

    private static double number(String source, String key, Object value) {
        if (!TRAIN_KEYS.contains(key) && !AUGMENT_KEYS.contains(key)) {
            Set<String> known = new TreeSet<>(TRAIN_KEYS);
            known.addAll(AUGMENT_KEYS);
            throw new SlimException(source + ": unknown hyperparameter '" + key + "' (known: "
                    + String.join(", ", known) + ")");
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new SlimException(source + ": " + key + " must be a number, got '" + value + "'");
        }
    }

    /** {@code config} with the training keys overridden. */
    public TrainConfig apply(TrainConfig config) {
        TrainConfig c = config;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (TRAIN_KEYS.contains(e.getKey())) {
                c = c.with(e.getKey(), e.getValue());
            }
        }
        return c;
    }

    /** {@code augment} with the augmentation keys overridden (range-checked by {@link Augment}). */
    public Augment apply(Augment augment) {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (AUGMENT_KEYS.contains(k)) {
                m.put(k, v);
            }
        });
        return Augment.fromMap(m, augment);
    }

    /**
     * The augmentation of a run: none when {@code off} ({@code --no-augment}), else the defaults with the
     * augmentation keys overridden. Augmentation keys together with {@code off} are a one-line error.
     */
    public Augment augment(boolean off) {
        List<String> keys = augmentKeys();
        if (off && !keys.isEmpty()) {
            throw new SlimException("--no-augment switches augmentation off; drop --hyp " + String.join(", ", keys));
        }
        return off ? Augment.none() : apply(Augment.defaults());
    }

    /** Keys given that change augmentation (for refusing them alongside {@code --no-augment}). */
    public List<String> augmentKeys() {
        return values.keySet().stream().filter(AUGMENT_KEYS::contains).toList();
    }
}
