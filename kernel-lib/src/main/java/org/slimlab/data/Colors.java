package org.slimlab.data;

/** Small colour helpers shared by the scene generator and the drawing code. */
final class Colors {
    /** A distinct colour per class id (cycled), as 0xRRGGBB. */
    private static final int[] PALETTE = {0xFF3B30, 0x34C759, 0x007AFF, 0xFF9500, 0xAF52DE, 0x00C7BE, 0xFFCC00,
        0xFF2D55, 0x5AC8FA, 0x8E8E93, 0xA2845E, 0x30B0C7, 0x5856D6, 0x64D2FF, 0xBF5AF2, 0x32D74B};

    private Colors() {
    }

    /** RGB in 0..1 of a colour given by hue (degrees), saturation and value (0..1). */
    static double[] hsv(double hue, double sat, double val) {
        double c = val * sat;
        double hp = (hue % 360) / 60.0;
        double x = c * (1 - Math.abs(hp % 2 - 1));
        double m = val - c;
        int sector = (int) hp;
        return new double[] {
            m + (sector == 0 || sector == 5 ? c : sector == 1 || sector == 4 ? x : 0),
            m + (sector == 1 || sector == 2 ? c : sector == 0 || sector == 3 ? x : 0),
            m + (sector == 3 || sector == 4 ? c : sector == 2 || sector == 5 ? x : 0)};
    }

    /** The drawing colour of class {@code cls}. */
    static java.awt.Color of(int cls) {
        return new java.awt.Color(PALETTE[Math.floorMod(cls, PALETTE.length)]);
    }

    /** Rounds and clamps to a byte value 0..255. */
    static int clamp(double v) {
        return (int) Math.min(255, Math.max(0, Math.round(v)));
    }
}
