package org.slimlab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slimlab.SlimException;

/**
 * The {@code --device} argument: {@code cpu}, {@code gpu} (the first GPU) or {@code gpuN}. A GPU must be visible to
 * libtorch: the default build carries the CPU libtorch, so GPUs need the CUDA build ({@code mvn -Dcuda ...}) and an
 * NVIDIA driver.
 */
public final class Devices {
    private static final Pattern GPU = Pattern.compile("gpu(\\d*)");

    private Devices() {
    }

    /**
     * The device named {@code name}.
     *
     * @throws SlimException for an unknown name, or a GPU that libtorch does not see
     */
    public static Device of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = GPU.matcher(n);
        if (!m.matches()) {
            throw new SlimException("argument 'device': unknown device '" + name + "' (cpu, gpu, gpu0, gpu1, ...)");
        }
        int id = m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1));
        int visible = Engine.getInstance().getGpuCount();
        if (id >= visible) {
            throw new SlimException("argument 'device': " + name + " asked for, but libtorch sees "
                    + (visible == 0 ? "no GPU" : visible + " GPU(s)") + "; GPUs need the CUDA build (mvn -Dcuda ...) "
                    + "and an NVIDIA driver (check nvidia-smi)");
        }
        return Device.gpu(id);
    }
}
