package org.slimlab.kernel.magic;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises magic lines ({@code %name ...}, {@code %%name ...}) and hides them from Java analysis. */
public final class MagicLines {
    private static final Pattern MAGIC = Pattern.compile("^[ \\t]*%{1,2}[A-Za-z_][\\w-]*.*$", Pattern.MULTILINE);

    private MagicLines() {
    }

    /** True when {@code line} is a magic line. */
    public static boolean isMagic(String line) {
        return MAGIC.matcher(line).matches();
    }

    /** {@code code} with every magic line replaced by spaces, so offsets stay valid. */
    public static String blank(String code) {
        Matcher m = MAGIC.matcher(code);
        StringBuilder sb = new StringBuilder(code);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                sb.setCharAt(i, ' ');
            }
        }
        return sb.toString();
    }
}
