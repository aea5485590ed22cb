package org.slimlab.slim;

import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;
import org.slimlab.model.YoloModel;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dependency groups derived from the channel flow of real models. */
class DependencyGraphTest {

    private static DependencyGraph graph(String cfg) {
        return DependencyGraph.of(YoloModel.build(cfg));
    }

    private static String members(DependencyGroup g) {
        return g.members().stream().map(DependencyGroup.Member::toString).collect(Collectors.joining(", "));
    }

    /** The group whose first producing convolution is {@code layer} and which holds output position {@code pos}. */
    private static DependencyGroup producing(DependencyGraph graph, String layer, int pos) {
        for (DependencyGroup g : graph.groups()) {
            for (DependencyGroup.Member m : g.members(DependencyGroup.Role.OUT)) {
                if (m.layer().equals(layer) && java.util.Arrays.stream(m.positions()).anyMatch(p -> p == pos)) {
                    return g;
                }
            }
        }
        throw new AssertionError("no group produces " + layer + " channel " + pos);
    }

    @Test
    void c3TiesItsResidualChainAndItsConcatMapsRanges() {
        DependencyGraph g = graph("yolov5n");
        DependencyGroup trunk = g.groupOf("model.2.cv1");
        assertEquals(16, trunk.size());
        assertEquals("model.2.cv1.conv out[0:16], model.2.cv1.bn norm[0:16], model.2.m.0.cv1.conv in[0:16], "
                + "model.2.m.0.cv2.conv out[0:16], model.2.m.0.cv2.bn norm[0:16], model.2.cv3.conv in[0:16]", members(trunk));
        assertEquals("model.2.cv2.conv out[0:16], model.2.cv2.bn norm[0:16], model.2.cv3.conv in[16:32]",
                members(g.groupOf("model.2.cv2")));
        // head C3 (shortcut off): the chain's last convolution starts a group of its own
        assertEquals("model.13.cv1.conv out[0:64], model.13.cv1.bn norm[0:64], model.13.m.0.cv1.conv in[0:64]",
                members(g.groupOf("model.13.cv1")));
        // row 6 reaches row 13 through the Concat of row 12, as its second input
        assertTrue(members(g.groupOf("model.6.cv3")).contains("model.13.cv1.conv in[128:256], model.13.cv2.conv in[128:256]"),
                members(g.groupOf("model.6.cv3")));
    }

    @Test
    void c2fSplitGivesOneConvolutionTwoGroups() {
        DependencyGraph g = graph("yolov8n");
        DependencyGroup first = producing(g, "model.2.cv1.conv", 0);
        DependencyGroup second = producing(g, "model.2.cv1.conv", 16);
        assertEquals("model.2.cv1.conv out[0:16], model.2.cv1.bn norm[0:16], model.2.cv2.conv in[0:16]", members(first));
        assertEquals("model.2.cv1.conv out[16:32], model.2.cv1.bn norm[16:32], model.2.m.0.cv1.conv in[0:16], "
                + "model.2.m.0.cv2.conv out[0:16], model.2.m.0.cv2.bn norm[0:16], model.2.cv2.conv in[16:48]", members(second));
        // the head's output convolutions are never pruned; its first convolutions read the neck
        assertEquals("model output", producing(g, "model.22.cv2.0.2", 0).pinned());
        assertTrue(members(g.groupOf("model.15.cv2")).contains("model.22.cv2.0.0.conv in[0:64], model.22.cv3.0.0.conv in[0:64]"));
    }

    @Test
    void elanConcatMapsEveryBranchToItsRangeAndImplicitsFollowTheHeadInputs() {
        DependencyGraph g = graph("yolov7-tiny");
        String[] branches = {"model.5", "model.4", "model.3", "model.2"};
        for (int i = 0; i < branches.length; i++) {
            DependencyGroup b = g.groupOf(branches[i]);
            assertEquals(32, b.size());
            assertTrue(members(b).endsWith("model.7.conv in[" + 32 * i + ":" + 32 * (i + 1) + "]"), members(b));
        }
        assertTrue(members(g.groupOf("model.74")).contains("model.77.m.0 in[0:128], model.77.ia.0.implicit param[0:128]"),
                members(g.groupOf("model.74")));
        DependencyGroup out = producing(g, "model.77.m.0", 0);
        assertEquals("model output", out.pinned());
        assertTrue(members(out).contains("model.77.im.0.implicit param[0:"), members(out));
    }

    @Test
    void ghostModulesTieTheirCheapHalvesAndResiduals() {
        DependencyGraph g = graph("yolov5n-ghost");
        DependencyGroup trunk = g.groupOf("model.2.cv1");
        // the chain adds GhostConv(cat(y, dw(y))) to cv1's output: channel j and j + 8 of cv1 move together
        assertEquals(8, trunk.size());
        assertTrue(members(trunk).startsWith("model.2.cv1.conv out[0:16], model.2.cv1.bn norm[0:16], "
                + "model.2.m.0.conv.0.cv1.conv in[0:16], model.2.m.0.conv.2.cv1.conv out[0:8]"), members(trunk));
        assertTrue(members(trunk).contains("model.2.m.0.conv.2.cv2.conv out[0:8], model.2.m.0.conv.2.cv2.conv in[0:8]"));
        DependencyGroup inner = g.groupOf("model.2.m.0.conv.0.cv1");
        assertEquals("model.2.m.0.conv.0.cv1.conv out[0:4], model.2.m.0.conv.0.cv1.bn norm[0:4], "
                + "model.2.m.0.conv.0.cv2.conv out[0:4], model.2.m.0.conv.0.cv2.conv in[0:4], model.2.m.0.conv.0.cv2.bn norm[0:4], "
                + "model.2.m.0.conv.2.cv1.conv in[0:8]", members(inner));
    }

    @Test
    void groupedConvolutionsTieWholeGroupsAndSppfStacksOneGroupFourTimes() {
        DependencyGraph dw = graph("yolov5n-dwconv");
        DependencyGroup g = dw.groupOf("model.0");
        // DWConv 16 -> 32 has 16 groups: input channel k moves with output channels 2k and 2k + 1
        assertEquals(16, g.size());
        assertEquals("model.0.conv out[0:16], model.0.bn norm[0:16], model.1.conv out[0:32], model.1.conv in[0:16], "
                + "model.1.bn norm[0:32], model.2.cv1.conv in[0:32], model.2.cv2.conv in[0:32]", members(g));
        DependencyGroup pooled = graph("yolov5n").groupOf("model.9.cv1");
        assertEquals(128, pooled.size());
        assertTrue(members(pooled).endsWith("model.9.cv2.conv in[0:512]"), members(pooled));
    }

    @Test
    void partialConvolutionsPassTheirOtherChannelsThrough() {
        DependencyGraph g = graph("yolov5n-fasternet");
        assertEquals("model.2.cv1.conv out[16:20], model.2.cv1.bn norm[16:20], model.2.m.0.0.conv in[0:4], model.2.cv2.conv in[16:20]",
                members(producing(g, "model.2.cv1.conv", 16)));
        assertEquals("model.2.cv1.conv out[20:32], model.2.cv1.bn norm[20:32], model.2.cv2.conv in[20:32,36:48]",
                members(producing(g, "model.2.cv1.conv", 20)));
    }

    @Test
    void shufflesTieTheChannelsTheyInterleave() {
        DependencyGraph g = graph("yolov5n-shufflenetv2");
        // a stride-2 unit's two branch outputs are interleaved: channel i of each moves together
        DependencyGroup pair = producing(g, "model.2.branch1.1.conv", 0);
        assertTrue(members(pair).contains("model.2.branch1.1.conv out[0:3], model.2.branch1.1.bn norm[0:3], "
                + "model.2.branch2.2.conv out[0:3]"), members(pair));
    }

    @Test
    void onlyTheImageAndTheHeadDecodingAreOutsideTheFlow() {
        for (String cfg : Fixtures.shippedModels()) {
            DependencyGraph g = graph(cfg);
            String head = "model." + (g.model().size() - 1);
            for (String b : g.untracedBlocks()) {
                assertTrue(b.equals(head) || b.startsWith(head + "."), cfg + ": untraced " + b);
            }
            assertEquals("model input", producing0(g).pinned(), cfg);
            assertTrue(g.prunableChannels() > 0, cfg);
            for (DependencyGroup grp : g.groups()) {
                assertTrue(grp.pinned() != null || !grp.members(DependencyGroup.Role.IN).isEmpty(), cfg + ": " + grp);
            }
        }
    }

    private static DependencyGroup producing0(DependencyGraph g) {
        for (DependencyGroup grp : g.groups()) {
            if (grp.members().size() == 1 && grp.members().get(0).layer().equals("model.0.conv")
                    && grp.members().get(0).role() == DependencyGroup.Role.IN) {
                return grp;
            }
        }
        throw new AssertionError("no image group");
    }

    @Test
    void namesAndTablesDescribeTheGroups() {
        DependencyGraph g = graph("yolov5n");
        DependencyGroup trunk = g.groupOf("model.2.cv1.conv");
        assertEquals("model.2.cv1", trunk.name());
        assertNull(trunk.pinned());
        assertTrue(trunk.toString().startsWith("group " + trunk.id() + " model.2.cv1 (16 channels): model.2.cv1.conv out[0:16]"));
        assertEquals(g.groups().size(), g.table().rowCount());
        assertNotNull(g.text());
        assertEquals(List.of(2), java.util.Arrays.stream(trunk.rows()).boxed().toList());
        SlimException e = assertThrows(SlimException.class, () -> g.groupOf("model.2.cv9"));
        assertTrue(e.getMessage().contains("no convolution named model.2.cv9"), e.getMessage());
    }
}
