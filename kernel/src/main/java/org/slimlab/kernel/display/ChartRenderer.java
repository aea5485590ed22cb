package org.slimlab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Shows XChart charts as PNG, or as SVG when asked ({@code display(chart, "image/svg+xml")}). */
final class ChartRenderer {

    private ChartRenderer() {
    }

    @SuppressWarnings("rawtypes")
    static void register(Renderer renderer) {
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_SVG)
                .register((chart, ctx) -> render(chart, ctx));
    }

    @SuppressWarnings("rawtypes")
    private static void render(Chart chart, RenderContext ctx) {
        ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(chart));
        ctx.renderIfRequested(MIMEType.IMAGE_SVG, () -> svg(chart));
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> describe(chart));
    }

    /** Base64 of the chart drawn as PNG at its own size. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static String png(Chart chart) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart as an SVG document. */
    @SuppressWarnings("rawtypes")
    static String svg(Chart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("rawtypes")
    private static String describe(Chart chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " '" + chart.getTitle() + "'";
        return chart.getClass().getSimpleName() + title + " (" + chart.getWidth() + "x" + chart.getHeight() + ")";
    }
}
