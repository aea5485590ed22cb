package org.slimlab.model;

import ai.djl.nn.Block;

import java.util.List;
import java.util.function.Supplier;

/**
 * What a registry entry makes of one row.
 *
 * @param c2 output channels (0 for the detection head)
 * @param args the row's args with the scaled output width written in (for resolved yaml)
 * @param printed the args as the module receives them, input width first (for the summary)
 * @param factory makes one block; called once per repeat
 * @param repeatsInside true when the repeat count went into the module (C3, C2f ...)
 * @param head true for detection heads
 */
record Planned(int c2, List<Object> args, List<Object> printed, Supplier<Block> factory, boolean repeatsInside,
               boolean head) {
}
