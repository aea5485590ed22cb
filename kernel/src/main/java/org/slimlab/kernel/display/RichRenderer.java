package org.slimlab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.slimlab.notebook.Rich;

/** Shows {@link Rich} values in their own MIME type, with their plain text beside it. */
final class RichRenderer {

    private RichRenderer() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(Rich.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_MARKDOWN, MIMEType.IMAGE_SVG, MIMEType.TEXT_LATEX)
                .register((rich, ctx) -> {
                    ctx.getOutputContainer().putData(rich.mime(), rich.content());
                    ctx.getOutputContainer().putText(rich.plain());
                });
    }
}
