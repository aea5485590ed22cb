package org.slimlab.kernel.magic;

/** One piece of a cell: Java code, a line magic or a cell magic. */
public sealed interface Segment {

    /** Java source starting at {@code firstLine} of the cell (1-based). */
    record Code(String text, int firstLine) implements Segment {
    }

    /** {@code %name args} on line {@code line}. */
    record LineMagic(String name, String args, int line) implements Segment {
    }

    /** {@code %%name args} on the first line, then {@code body}, which starts on {@code bodyLine}. */
    record CellMagic(String name, String args, String body, int bodyLine) implements Segment {
    }
}
