package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/**
 * The convolution-kernel check. The test command runs the tests with the oneDNN setting the launchers choose
 * for this CPU, so here the kernels must give finite gradients and training must be allowed.
 */
class ConvKernelsTest {

    @Test
    void theCpuKernelsGiveFiniteGradientsUnderTheLaunchersSetting() {
        assertEquals(true, ConvKernels.gradientsFinite(),
                "ONEDNN_MAX_CPU_ISA=" + System.getenv("ONEDNN_MAX_CPU_ISA"));
        assertDoesNotThrow(() -> ConvKernels.requireFiniteGradients(Device.cpu()));
        // a diverged run points at the fix unless oneDNN is already limited to SSE4.1
        String hint = ConvKernels.divergenceHint(Device.cpu());
        if ("SSE41".equalsIgnoreCase(System.getenv("ONEDNN_MAX_CPU_ISA"))) {
            assertEquals("", hint);
        } else {
            assertTrue(hint.contains("ONEDNN_MAX_CPU_ISA=SSE41"), hint);
        }
    }
}
