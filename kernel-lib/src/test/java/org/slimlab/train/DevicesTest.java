package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;

class DevicesTest {
    @Test
    void namesMapToDevices() {
        assertEquals(Device.cpu(), Devices.of("cpu"));
        assertEquals(Device.cpu(), Devices.of(" CPU "));
        SlimException e = assertThrows(SlimException.class, () -> Devices.of("cuda"));
        assertEquals("argument 'device': unknown device 'cuda' (cpu, gpu, gpu0, gpu1, ...)", e.getMessage());
    }

    @Test
    void aGpuMustBeVisible() {
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus > 0) {
            assertEquals(Device.gpu(0), Devices.of("gpu"));
            assertEquals(Device.gpu(gpus - 1), Devices.of("gpu" + (gpus - 1)));
        } else {
            SlimException e = assertThrows(SlimException.class, () -> Devices.of("gpu"));
            assertEquals("argument 'device': gpu asked for, but libtorch sees no GPU; GPUs need the CUDA build "
                    + "(mvn -Dcuda ...) and an NVIDIA driver (check nvidia-smi)", e.getMessage());
        }
        SlimException e = assertThrows(SlimException.class, () -> Devices.of("gpu" + gpus));
        assertEquals(true, e.getMessage().startsWith("argument 'device': gpu" + gpus + " asked for, but libtorch sees "),
                e.getMessage());
    }
}
