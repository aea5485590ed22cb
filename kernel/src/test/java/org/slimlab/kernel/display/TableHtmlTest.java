package org.slimlab.kernel.display;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableHtmlTest {

    @Test
    void longTablesShowHeadEllipsisAndTail() {
        Table t = Table.create("big", IntColumn.create("i", IntStream.range(0, 100).toArray()));
        String html = TableHtml.render(t);
        assertTrue(html.contains("<td>0</td>") && html.contains("<td>49</td>"), html);
        assertFalse(html.contains("<td>50</td>"));
        assertFalse(html.contains("<td>94</td>"));
        assertTrue(html.contains("<td>95</td>") && html.contains("<td>99</td>"));
        assertTrue(html.contains("<td>&hellip;</td>"));
        assertTrue(html.contains("100 rows &times; 1 column"));
        assertEquals(TableHtml.HEAD + TableHtml.TAIL + 1, html.split("<tr>").length - 2);
    }

    @Test
    void shortTablesShowEveryRow() {
        Table t = Table.create("small", IntColumn.create("i", IntStream.range(0, TableHtml.MAX_ROWS).toArray()));
        String html = TableHtml.render(t);
        assertFalse(html.contains("&hellip;"));
        assertEquals(TableHtml.MAX_ROWS, html.split("<tr>").length - 2);
    }

    @Test
    void escapesMarkup() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;", TableHtml.escape("<a href=\"x\">&"));
    }
}
