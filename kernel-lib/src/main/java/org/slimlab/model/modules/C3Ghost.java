package org.slimlab.model.modules;

import ai.djl.nn.Block;

import java.util.ArrayList;
import java.util.List;

/** C3 whose chain is made of stride-1 GhostBottlenecks (width kept, shortcut always added). */
public final class C3Ghost extends C3 {

    /**
     * @param hidden per GhostBottleneck, the output channels of its first GhostConv
     */
    public C3Ghost(int c1, int c2, int w1, int w2, int[] hidden, Act act) {
        super(c1, c2, w1, w2, ghosts(w1, hidden, act), w1, act);
    }

    private static List<Block> ghosts(int w, int[] hidden, Act act) {
        List<Block> list = new ArrayList<>();
        for (int h : hidden) {
            list.add(new GhostBottleneck(w, w, h, 3, 1, act));
        }
        return list;
    }
}
