package org.slimlab.model;

/** Turns one yaml row into a planned module: reads its args, scales its width, names its inner widths. */
@FunctionalInterface
interface ModuleKind {
    Planned plan(RowContext row);
}
