package org.slimlab.kernel.execution;

/**
 * Where a snippet's source came from, so that stack frames and compile errors can name a cell line
 * instead of JShell's snippet ids.
 *
 * @param label     the source's name, such as {@code In [3]} or a loaded file's name
 * @param firstLine the line in that source where the snippet starts (1-based)
 * @param source    the snippet's text
 */
public record SnippetOrigin(String label, int firstLine, String source) {

    /** The label and line of the snippet's {@code line}-th line (1-based). */
    public String where(int line) {
        return label + " line " + (firstLine + line - 1);
    }

    /** The snippet's {@code line}-th line (1-based), trimmed; empty when out of range. */
    public String text(int line) {
        String[] lines = source.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1].trim() : "";
    }
}
