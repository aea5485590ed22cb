package org.slimlab.kernel.magic;

import java.util.List;

/** {@code %lsmagic}: lists the available magics. */
public final class LsMagic implements Magic {

    @Override
    public Object run(MagicContext context, List<String> args) {
        StringBuilder sb = new StringBuilder("Magics:");
        context.magicNames().stream().sorted().forEach(n -> sb.append(" %").append(n));
        sb.append("\n%time and %%time time a line or a whole cell.");
        System.out.println(sb);
        return null;
    }
}
