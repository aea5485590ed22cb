package org.slimlab.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/** An 8-bit RGB image stored row-major, interleaved (HWC), the working format of every pixel operation here. */
final class RgbImage {
    final int width;
    final int height;
    final byte[] data;

    RgbImage(int width, int height) {
        this(width, height, new byte[width * height * 3]);
    }

    RgbImage(int width, int height, byte[] data) {
        if (data.length != width * height * 3) {
            throw new IllegalArgumentException("RGB buffer of " + data.length + " bytes for " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** A {@code width x height} image with every channel set to {@code value} (0..255). */
    static RgbImage filled(int width, int height, int value) {
        RgbImage img = new RgbImage(width, height);
        Arrays.fill(img.data, (byte) value);
        return img;
    }

    /** Converts any decoded image (gray, palette, alpha, BGR) to RGB; alpha is ignored. */
    static RgbImage of(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        RgbImage img = new RgbImage(w, h);
        if (src.getType() == BufferedImage.TYPE_3BYTE_BGR
                && src.getRaster().getDataBuffer() instanceof DataBufferByte buf
                && buf.getNumBanks() == 1 && buf.getData().length == w * h * 3) {
            byte[] bgr = buf.getData();
            for (int i = 0; i < bgr.length; i += 3) {
                img.data[i] = bgr[i + 2];
                img.data[i + 1] = bgr[i + 1];
                img.data[i + 2] = bgr[i];
            }
            return img;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, row, 0, w);
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                int p = row[x];
                img.data[o++] = (byte) (p >> 16);
                img.data[o++] = (byte) (p >> 8);
                img.data[o++] = (byte) p;
            }
        }
        return img;
    }

    /** Channel {@code c} of pixel (x, y) as 0..255. */
    int get(int x, int y, int c) {
        return data[(y * width + x) * 3 + c] & 0xFF;
    }

    /** A {@link BufferedImage#TYPE_3BYTE_BGR} copy, for drawing and for writing image files. */
    BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i] = data[i + 2];
            bgr[i + 1] = data[i + 1];
            bgr[i + 2] = data[i];
        }
        return out;
    }
}
