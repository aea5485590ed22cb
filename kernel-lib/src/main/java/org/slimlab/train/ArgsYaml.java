package org.slimlab.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slimlab.SlimException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** {@code args.yaml}: the arguments of a run in block-style YAML. */
final class ArgsYaml {
    private ArgsYaml() {
    }

    static String write(TrainConfig cfg) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(o).dump(new LinkedHashMap<>(cfg.toMap()));
    }

    static TrainConfig read(String yaml, String source) {
        try {
            Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            if (!(o instanceof Map<?, ?> m)) {
                throw new SlimException(source + ": expected a mapping of arguments");
            }
            Map<String, Object> args = new LinkedHashMap<>();
            m.forEach((k, v) -> args.put(String.valueOf(k), v));
            return TrainConfig.fromMap(args, source);
        } catch (YAMLException e) {
            throw new SlimException(source + ": " + e.getMessage().replace('\n', ' '), e);
        }
    }
}
