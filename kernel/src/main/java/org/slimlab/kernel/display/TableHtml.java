package org.slimlab.kernel.display;

import tech.tablesaw.api.Table;

/**
 * A Tablesaw table as an HTML table. Long tables show their head and tail with an ellipsis row between;
 * the caption gives the name and full size.
 */
final class TableHtml {
    static final int MAX_ROWS = 60;
    static final int HEAD = 50;
    static final int TAIL = 5;

    private TableHtml() {
    }

    static String render(Table table) {
        int rows = table.rowCount();
        int cols = table.columnCount();
        StringBuilder sb = new StringBuilder("<table class=\"slimlab-table\">\n<caption style=\"caption-side:top;text-align:left\">");
        if (table.name() != null && !table.name().isBlank()) {
            sb.append("<b>").append(escape(table.name())).append("</b> ");
        }
        sb.append(rows).append(rows == 1 ? " row" : " rows").append(" &times; ").append(cols)
                .append(cols == 1 ? " column" : " columns").append("</caption>\n<thead><tr>");
        for (String name : table.columnNames()) {
            sb.append("<th>").append(escape(name)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        boolean cut = rows > MAX_ROWS;
        for (int r = 0; r < rows; r++) {
            if (cut && r == HEAD) {
                sb.append("<tr>");
                for (int c = 0; c < cols; c++) {
                    sb.append("<td>&hellip;</td>");
                }
                sb.append("</tr>\n");
                r = rows - TAIL;
            }
            sb.append("<tr>");
            for (int c = 0; c < cols; c++) {
                sb.append("<td>").append(escape(table.column(c).getString(r))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
