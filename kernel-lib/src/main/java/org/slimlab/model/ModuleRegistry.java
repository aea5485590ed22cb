package org.slimlab.model;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every module name a yaml row may use, and how each is planned. Inner-width keys (the optional
 * fifth row element) per module, all output channels:
 * <table>
 *   <caption>inner widths</caption>
 *   <tr><th>module</th><th>keys (default)</th></tr>
 *   <tr><td>Bottleneck</td><td>cv1 (c2·e)</td></tr>
 *   <tr><td>C3</td><td>cv1, cv2 (c2·e); m.i.cv1 (chain width); m.i.cv2 when shortcut is off</td></tr>
 *   <tr><td>C2f</td><td>cv1 (2·c2·e); split (cv1/2, the part that skips the chain); m.i.cv1; m.i.cv2 when shortcut is off</td></tr>
 *   <tr><td>C3Ghost</td><td>cv1, cv2 (c2·e); m.i.conv.0 (cv1/2)</td></tr>
 *   <tr><td>CSPPC</td><td>cv1 (2·c2·e); split (cv1/2)</td></tr>
 *   <tr><td>SPP, SPPF</td><td>cv1 (c1/2)</td></tr>
 *   <tr><td>SPPCSPC</td><td>cv1 … cv6 (2·c2·e)</td></tr>
 *   <tr><td>GhostBottleneck</td><td>conv.0 (c2/2)</td></tr>
 *   <tr><td>MobileNetV3</td><td>se (hidden/4 rounded to 8, with SE only)</td></tr>
 *   <tr><td>ShuffleNetV2</td><td>branch2.0 (c2/2)</td></tr>
 *   <tr><td>ADown</td><td>split (c1/2), cv1, cv2 (c2/2 each; c2 = cv1 + cv2)</td></tr>
 *   <tr><td>ASFF, ASFF_2, ASFF_3</td><td>stride_level_j.k (between the stride-2 Convs of an input j more than
 *       one level finer: its own width); weight_level_j (8)</td></tr>
 *   <tr><td>BasicBlock</td><td>i.cv1 (the input width)</td></tr>
 *   <tr><td>Detect (YOLOv8)</td><td>cv2.i.0, cv2.i.1 (max(16, c1/4, 64)); cv3.i.0, cv3.i.1 (max(c1, min(nc, 100)))</td></tr>
 * </table>
 */
final class ModuleRegistry {
    private static final Map<String, ModuleKind> KINDS = build();

    private ModuleRegistry() {
    }

    private static Map<String, ModuleKind> build() {
        Map<String, ModuleKind> m = new TreeMap<>();
        CoreKinds.register(m);
        PlainKinds.register(m);
        HeadKinds.register(m);
        LightKinds.register(m);
        AfpnKinds.register(m);
        return Collections.unmodifiableMap(m);
    }

    /** The kind for a module name ({@code torch.nn.X} is read as {@code nn.X}), or null. */
    static ModuleKind find(String name) {
        return KINDS.get(name.startsWith("torch.nn.") ? name.substring("torch.".length()) : name);
    }

    /** All known module names. */
    static Set<String> names() {
        return KINDS.keySet();
    }
}
