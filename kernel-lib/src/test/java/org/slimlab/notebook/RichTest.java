package org.slimlab.notebook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RichTest {

    @Test
    void factoriesSetTheMimeAndConsolesSeeThePlainText() {
        Rich html = Rich.html("<progress value=3 max=10></progress>", "3/10");
        assertEquals("text/html", html.mime());
        assertEquals("3/10", html.toString());
        assertEquals("text/markdown", Rich.markdown("**x**").mime());
        assertEquals("image/svg+xml", Rich.svg("<svg/>", "a picture").mime());
        assertThrows(NullPointerException.class, () -> new Rich("text/html", null, ""));
    }
}
