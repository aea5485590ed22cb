package org.slimlab.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The inputs (and plain-text outputs) of this kernel session, for history requests. */
final class InMemoryHistory implements HistoryManager {
    private static final int SESSION = 1;

    private final List<HistoryEntry> entries = Collections.synchronizedList(new ArrayList<>());

    void add(int cell, String input, String output) {
        entries.add(new HistoryEntry(SESSION, cell, input, output == null ? "" : output));
    }

    @Override
    public List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        List<HistoryEntry> all = snapshot();
        return shape(all.subList(Math.max(0, all.size() - length), all.size()), flags);
    }

    @Override
    public List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        return shape(snapshot().stream()
                .filter(e -> e.getSession() == session && e.getCellNumber() >= start && e.getCellNumber() < stop)
                .toList(), flags);
    }

    @Override
    public List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern glob = glob(pattern == null ? "*" : pattern);
        List<HistoryEntry> matches = snapshot().stream().filter(e -> glob.matcher(e.getInput()).matches()).toList();
        if (flags.contains(ResultFlag.UNIQUE)) {
            Map<String, HistoryEntry> latest = new LinkedHashMap<>();
            for (HistoryEntry e : matches) {
                latest.remove(e.getInput());
                latest.put(e.getInput(), e);
            }
            matches = new ArrayList<>(latest.values());
        }
        if (length > 0 && matches.size() > length) {
            matches = matches.subList(matches.size() - length, matches.size());
        }
        return shape(matches, flags);
    }

    private List<HistoryEntry> snapshot() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }

    private static List<HistoryEntry> shape(List<HistoryEntry> list, Set<ResultFlag> flags) {
        if (flags.contains(ResultFlag.INCLUDE_OUTPUT)) {
            return list;
        }
        return list.stream().map(e -> new HistoryEntry(e.getSession(), e.getCellNumber(), e.getInput(), null)).toList();
    }

    /** A shell-style glob ({@code *}, {@code ?}) as a regular expression over the whole input. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
