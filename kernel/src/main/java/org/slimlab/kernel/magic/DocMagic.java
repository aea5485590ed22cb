package org.slimlab.kernel.magic;

import java.util.List;

/** {@code %doc CODE}: shows the signature and javadoc of what {@code CODE} names in the pager. */
public final class DocMagic implements Magic {

    @Override
    public Object run(MagicContext context, List<String> args) {
        if (args.isEmpty()) {
            throw new MagicException("%doc needs something to look up, e.g. %doc Math.max");
        }
        String code = String.join(" ", args);
        String doc = context.documentation(code)
                .orElseThrow(() -> new MagicException("%doc: nothing known about " + code));
        context.page(doc);
        return null;
    }
}
