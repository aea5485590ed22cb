package org.slimlab.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into {@link Segment}s. A cell whose first non-blank line is {@code %%name} is one cell
 * magic; otherwise every line of the form {@code %name args} (outside text blocks) is a line magic and
 * the lines between them are Java code.
 */
public final class CellParser {

    private CellParser() {
    }

    public static List<Segment> parse(String cell) {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        List<Segment> out = new ArrayList<>();
        if (first < lines.length && lines[first].stripLeading().startsWith("%%")) {
            String[] head = nameAndArgs(lines[first].stripLeading().substring(2));
            String body = String.join("\n", java.util.Arrays.copyOfRange(lines, first + 1, lines.length));
            out.add(new Segment.CellMagic(head[0], head[1], body, first + 2));
            return out;
        }
        StringBuilder code = new StringBuilder();
        int codeStart = 1;
        boolean inTextBlock = false;
        for (int i = 0; i < lines.length; i++) {
            if (!inTextBlock && MagicLines.isMagic(lines[i])) {
                flush(out, code, codeStart);
                String[] head = nameAndArgs(lines[i].stripLeading().substring(1));
                out.add(new Segment.LineMagic(head[0], head[1], i + 1));
                codeStart = i + 2;
            } else {
                if (code.length() > 0) {
                    code.append('\n');
                }
                code.append(lines[i]);
                inTextBlock ^= countTextBlockQuotes(lines[i]) % 2 == 1;
            }
        }
        flush(out, code, codeStart);
        return out;
    }

    private static int countTextBlockQuotes(String line) {
        int n = 0;
        for (int i = line.indexOf("\"\"\""); i >= 0; i = line.indexOf("\"\"\"", i + 3)) {
            n++;
        }
        return n;
    }

    private static void flush(List<Segment> out, StringBuilder code, int start) {
        if (!code.toString().isBlank()) {
            out.add(new Segment.Code(code.toString(), start));
        }
        code.setLength(0);
    }

    private static String[] nameAndArgs(String s) {
        int space = 0;
        while (space < s.length() && !Character.isWhitespace(s.charAt(space))) {
            space++;
        }
        return new String[] {s.substring(0, space), s.substring(space).strip()};
    }

    /** Splits magic arguments at blanks; single or double quotes group, a backslash escapes. */
    public static List<String> arguments(String args) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '\\' && i + 1 < args.length()) {
                cur.append(args.charAt(++i));
                inToken = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (inToken) {
            out.add(cur.toString());
        }
        return out;
    }
}
