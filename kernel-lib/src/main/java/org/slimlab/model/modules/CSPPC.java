package org.slimlab.model.modules;

import ai.djl.nn.Block;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * C2f skeleton whose blocks are two FasterNet partial convolutions each (no residual, no
 * BatchNorm inside): the CSPPC block of lightweight YOLOv8 variants.
 */
public final class CSPPC extends C2f {

    /**
     * @param w1 output channels of {@code cv1}
     * @param split channels of {@code cv1}'s output that skip the chain
     * @param n number of PConv pairs
     * @param nDiv each PConv convolves 1/nDiv of its channels (FasterNet: 4)
     */
    public CSPPC(int c1, int c2, int w1, int split, int n, int nDiv, Act act) {
        super(c1, c2, w1, split, pairs(w1 - split, n, nDiv), widths(w1 - split, n), act);
    }

    private static List<Block> pairs(int width, int n, int nDiv) {
        List<Block> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Sequential(List.of(new PConv(width, nDiv), new PConv(width, nDiv))));
        }
        return list;
    }

    private static int[] widths(int width, int n) {
        int[] w = new int[n];
        Arrays.fill(w, width);
        return w;
    }
}
