package org.slimlab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;

/** Shows Tablesaw tables as an HTML table, with Tablesaw's text layout as the plain-text form. */
final class TableRenderer {

    private TableRenderer() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((table, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.render(table));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print());
                });
    }
}
