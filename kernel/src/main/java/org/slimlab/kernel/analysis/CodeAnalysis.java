package org.slimlab.kernel.analysis;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import jdk.jshell.VarSnippet;
import org.slimlab.kernel.magic.MagicLines;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Completion, inspection and completeness checks for cells. JShell analyses one snippet at a time, so
 * each request first finds the snippet the cursor is in; magic lines are blanked out beforehand.
 */
public final class CodeAnalysis {
    /** Completeness answers, as Jupyter's is_complete_reply spells them. */
    public static final String COMPLETE = "complete";
    public static final String INVALID = "invalid";
    private static final String INDENT = "    ";
    private static final String CELL_MAGIC = "time";

    private final Supplier<JShell> shell;
    private final Set<String> magicNames;

    /**
     * @param shell      the JShell to analyse with (may block until start-up is done)
     * @param magicNames names of the line magics, for completing {@code %} lines
     */
    public CodeAnalysis(Supplier<JShell> shell, Set<String> magicNames) {
        this.shell = shell;
        this.magicNames = magicNames;
    }

    /** A completion: the replacement texts and the range {@code [start, end)} of the cell they replace. */
    public record Completion(List<String> matches, int start, int end) {
    }

    /** Completes the identifier (or magic name) that ends at {@code cursor}. */
    public Completion complete(String code, int cursor) {
        String line = currentLine(code, cursor);
        if (line.stripLeading().startsWith("%")) {
            return completeMagic(code, cursor, line);
        }
        String masked = MagicLines.blank(code);
        int start = snippetStart(masked, cursor);
        String prefix = masked.substring(start, cursor);
        int[] anchor = new int[1];
        List<Suggestion> suggestions = analysis().completionSuggestions(prefix, prefix.length(), anchor);
        Set<String> typed = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        for (Suggestion s : suggestions) {
            (s.matchesType() ? typed : other).add(s.continuation());
        }
        typed.addAll(other);
        return new Completion(new ArrayList<>(typed), start + anchor[0], cursor);
    }

    private Completion completeMagic(String code, int cursor, String line) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String typed = line.stripLeading();
        int percent = lineStart + line.indexOf('%');
        String name = typed.replaceFirst("^%+", "");
        if (name.contains(" ")) {
            return new Completion(List.of(), cursor, cursor);
        }
        boolean cellMagic = typed.startsWith("%%");
        Set<String> names = cellMagic ? Set.of(CELL_MAGIC) : magicNames;
        String marks = cellMagic ? "%%" : "%";
        List<String> matches = names.stream().filter(m -> m.startsWith(name)).sorted().map(m -> marks + m).toList();
        return new Completion(matches, percent, cursor);
    }

    /**
     * Signature and javadoc of the method, type or variable at {@code cursor}; empty when nothing is
     * known there.
     */
    public Optional<String> inspect(String code, int cursor) {
        String masked = MagicLines.blank(code);
        int at = cursor;
        if (identifierEnd(masked, at) == identifierStart(masked, at)) {
            at = backOverCall(masked, at);
        }
        int end = identifierEnd(masked, at);
        int begin = identifierStart(masked, at);
        if (begin == end) {
            return Optional.empty();
        }
        int afterName = skipBlanks(masked, end);
        boolean call = afterName < masked.length() && masked.charAt(afterName) == '(';
        boolean member = begin > 0 && masked.charAt(begin - 1) == '.';
        if (!call && !member) {
            Optional<String> v = variable(masked.substring(begin, end));
            if (v.isPresent()) {
                return v;
            }
        }
        int start = snippetStart(masked, begin);
        String text = masked.substring(start, call ? afterName + 1 : end);
        List<Documentation> docs = analysis().documentation(text, text.length(), true);
        if (docs.isEmpty() && !call) {
            docs = analysis().documentation(text + "(", text.length() + 1, true);
        }
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (Documentation d : docs) {
            sb.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                sb.append(d.javadoc().strip()).append("\n\n");
            }
        }
        return Optional.of(sb.toString().strip());
    }

    /** From just after {@code name(} (or blanks), the position inside {@code name}. */
    private static int backOverCall(String s, int i) {
        int j = i;
        while (j > 0 && Character.isWhitespace(s.charAt(j - 1))) {
            j--;
        }
        if (j > 0 && s.charAt(j - 1) == '(') {
            j--;
            while (j > 0 && Character.isWhitespace(s.charAt(j - 1))) {
                j--;
            }
        }
        return j;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private Optional<String> variable(String name) {
        JShell js = shell.get();
        return js.variables()
                .filter(v -> v.name().equals(name) && js.status(v).isActive())
                .reduce((a, b) -> b)
                .map(v -> describe(v, js.varValue(v)));
    }

    private static String describe(VarSnippet v, String value) {
        String shown = value;
        if (shown.length() > 500) {
            shown = shown.substring(0, 500) + "...";
        }
        return v.typeName() + " " + v.name() + " = " + shown;
    }

    /**
     * Whether {@code code} can run as is: {@value #COMPLETE}, {@value #INVALID}, or the indent for the
     * next line when a statement is still open.
     */
    public String isComplete(String code) {
        String rest = MagicLines.blank(code);
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                return COMPLETE;
            }
            if (c == Completeness.UNKNOWN) {
                return INVALID;
            }
            if (!c.isComplete()) {
                return INDENT;
            }
            rest = info.remaining();
        }
        return COMPLETE;
    }

    private SourceCodeAnalysis analysis() {
        return shell.get().sourceCodeAnalysis();
    }

    /** Offset where the snippet containing {@code cursor} starts. */
    private int snippetStart(String code, int cursor) {
        String text = code.substring(0, cursor);
        int pos = 0;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(text.substring(pos));
            if (!info.completeness().isComplete() || info.remaining().isBlank()) {
                return pos;
            }
            pos = text.length() - info.remaining().length();
        }
    }

    private static String currentLine(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        return code.substring(lineStart, cursor);
    }

    private static int identifierEnd(String s, int i) {
        while (i < s.length() && Character.isJavaIdentifierPart(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int identifierStart(String s, int i) {
        while (i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
