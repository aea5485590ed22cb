package org.slimlab.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryHistoryTest {
    private final InMemoryHistory h = new InMemoryHistory();

    InMemoryHistoryTest() {
        h.add(1, "6 * 7", "42");
        h.add(2, "int x = 1;", "");
        h.add(3, "6 * 7", "42");
        h.add(4, "x + 1", "2");
    }

    private static List<String> inputs(List<HistoryEntry> e) {
        return e.stream().map(HistoryEntry::getInput).toList();
    }

    @Test
    void tailGivesTheLastEntriesWithOutputOnRequest() {
        List<HistoryEntry> tail = h.lookupTail(2, EnumSet.of(ResultFlag.INCLUDE_OUTPUT));
        assertEquals(List.of("6 * 7", "x + 1"), inputs(tail));
        assertEquals("2", tail.get(1).getOutput());
        assertFalse(h.lookupTail(2, Set.of()).get(0).hasOutput());
    }

    @Test
    void rangeIsHalfOpen() {
        assertEquals(List.of("int x = 1;", "6 * 7"), inputs(h.lookupRange(1, 2, 4, Set.of())));
    }

    @Test
    void searchUsesGlobsAndCanBeUnique() {
        assertEquals(List.of("6 * 7", "6 * 7"), inputs(h.search("6*", 0, Set.of())));
        assertEquals(List.of("6 * 7"), inputs(h.search("6*", 0, EnumSet.of(ResultFlag.UNIQUE))));
        assertEquals(List.of("x + 1"), inputs(h.search("?????", 1, Set.of())));
        assertTrue(InMemoryHistory.glob("a.b*").matcher("a.bcd").matches());
        assertFalse(InMemoryHistory.glob("a.b*").matcher("axbcd").matches());
    }
}
