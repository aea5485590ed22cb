package org.slimlab.kernel.magic;

import java.util.List;

/** A line magic: {@code %name arg...}. Its return value, when not null, is the cell's result. */
@FunctionalInterface
public interface Magic {
    Object run(MagicContext context, List<String> args) throws Exception;
}
