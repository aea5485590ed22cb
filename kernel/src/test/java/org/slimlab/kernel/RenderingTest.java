package org.slimlab.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slimlab.kernel.display.JupyterDisplaySink;
import org.slimlab.notebook.Displays;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderingTest {
    private static TestKernel k;

    @BeforeAll
    static void start() {
        k = new TestKernel();
    }

    @AfterAll
    static void stop() {
        k.close();
    }

    private static DisplayData render(String code) {
        return k.kernel.getRenderer().render(k.value(code));
    }

    private static BufferedImage png(DisplayData d) throws IOException {
        String b64 = (String) d.getData(MIMEType.IMAGE_PNG);
        assertNotNull(b64, "no image/png");
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
    }

    @Test
    void xchartRendersAsPngOfItsSize() throws IOException {
        DisplayData d = render("var chart = new XYChartBuilder().width(320).height(200).title(\"loss\").build();\n"
                + "chart.addSeries(\"train\", new double[]{1, 2, 3}, new double[]{3, 2, 1});\nchart");
        BufferedImage img = png(d);
        assertEquals(320, img.getWidth());
        assertEquals(200, img.getHeight());
        assertEquals("XYChart 'loss' (320x200)", d.getData(MIMEType.TEXT_PLAIN));
        assertFalse(d.hasDataForType(MIMEType.IMAGE_SVG));
    }

    @Test
    void xchartRendersAsSvgOnRequest() {
        k.run("var bars = new CategoryChartBuilder().width(300).height(200).build();\n"
                + "bars.addSeries(\"n\", List.of(\"a\", \"b\"), List.of(3, 5));");
        DisplayData d = k.kernel.getRenderer().renderAs(k.value("bars"), "image/svg+xml");
        String svg = (String) d.getData(MIMEType.IMAGE_SVG);
        assertNotNull(svg);
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertFalse(d.hasDataForType(MIMEType.IMAGE_PNG));
    }

    @Test
    void tablesawTableRendersAsEscapedHtmlAndText() {
        DisplayData d = render("Table.create(\"runs\", StringColumn.create(\"name\", \"base<n>\", \"pruned&\"),"
                + " DoubleColumn.create(\"map50\", 0.5, 0.25))");
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<th>name</th><th>map50</th>"), html);
        assertTrue(html.contains("<td>base&lt;n&gt;</td>"), html);
        assertTrue(html.contains("<td>pruned&amp;</td>"), html);
        assertTrue(html.contains("<b>runs</b> 2 rows &times; 2 columns"), html);
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("base<n>") && text.contains("0.25"), text);
    }

    @Test
    void bufferedImageRendersAsPng() throws IOException {
        DisplayData d = render("var im = new java.awt.image.BufferedImage(5, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                + "im.setRGB(1, 1, 0xff0000);\nim");
        BufferedImage img = png(d);
        assertEquals(5, img.getWidth());
        assertEquals(0xff0000, img.getRGB(1, 1) & 0xffffff);
    }

    @Test
    void richTextRendersInItsMimeType() {
        DisplayData d = render("org.slimlab.notebook.Rich.html(\"<b>bold</b>\", \"bold\")");
        assertEquals("<b>bold</b>", d.getData(MIMEType.TEXT_HTML));
        assertEquals("bold", d.getData(MIMEType.TEXT_PLAIN));
        DisplayData md = render("org.slimlab.notebook.Rich.markdown(\"# title\")");
        assertEquals("# title", md.getData(MIMEType.TEXT_MARKDOWN));
    }

    @Test
    void stringsRenderAsTheRequestedMime() {
        DisplayData d = k.kernel.getRenderer().renderAs("<i>x</i>", "text/html");
        assertEquals("<i>x</i>", d.getData(MIMEType.TEXT_HTML));
    }

    @Test
    void startupInstallsTheJupyterDisplaySink() {
        assertInstanceOf(JupyterDisplaySink.class, Displays.sink());
        assertTrue(Displays.sink().live());
        String id = Displays.sink().display("between cells");
        assertFalse(id.isBlank());
    }
}
