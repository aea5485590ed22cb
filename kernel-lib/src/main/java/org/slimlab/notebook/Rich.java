package org.slimlab.notebook;

import java.util.Objects;

/**
 * Text in a rich MIME type (HTML, Markdown, SVG) with a plain-text fallback. Pass it to
 * {@link DisplaySink#display}: a notebook shows the rich form, a console prints {@link #toString()}.
 *
 * @param mime    the MIME type of {@code content}, such as {@code text/html}
 * @param content the rich content
 * @param plain   what a plain-text console shows instead
 */
public record Rich(String mime, String content, String plain) {

    public Rich {
        Objects.requireNonNull(mime, "mime");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(plain, "plain");
    }

    /** HTML shown as {@code plain} on a console. */
    public static Rich html(String html, String plain) {
        return new Rich("text/html", html, plain);
    }

    /** Markdown; a console shows the Markdown source. */
    public static Rich markdown(String markdown) {
        return new Rich("text/markdown", markdown, markdown);
    }

    /** An SVG image shown as {@code plain} on a console. */
    public static Rich svg(String svg, String plain) {
        return new Rich("image/svg+xml", svg, plain);
    }

    @Override
    public String toString() {
        return plain;
    }
}
