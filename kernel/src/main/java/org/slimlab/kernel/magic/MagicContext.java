package org.slimlab.kernel.magic;

import org.slimlab.kernel.execution.EvalResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What magics may do to the kernel they run in. */
public interface MagicContext {

    /** Adds a jar or class directory to what cells compile against and load from. */
    void addToClasspath(Path path);

    /** The entries added so far, in order. */
    List<String> addedClasspath();

    /** Evaluates {@code source} like a cell; {@code label} names it in error messages. */
    EvalResult evaluate(String source, String label);

    /** The directory relative paths are resolved against (the notebook's directory). */
    Path workingDirectory();

    /** Signature and javadoc of what {@code code} ends with, if known. */
    Optional<String> documentation(String code);

    /** Shows {@code text} in the notebook's pager once the cell has run. */
    void page(String text);

    /** Every magic name, line and cell magics alike. */
    Set<String> magicNames();
}
