package org.slimlab.train;

/**
 * Builds the YOLOv5 training targets of one output level (the {@code build_targets} rule of YOLOv5 v7.0).
 *
 * <p>A target matches an anchor when {@code max(r, 1/r) < anchorT} for both width and height ratios
 * {@code r = target / anchor}. Each match is placed in the cell holding the target centre and, when the centre
 * lies in the near half of that cell (and more than one cell from the image border), also in the neighbouring
 * cell on that side, so one target usually lands in three cells. Matches are listed offset-major, then
 * anchor-major, then in target order, as the reference does; a later match overwrites an earlier one in the
 * objectness target.
 */
public final class AnchorMatcher {
    private static final float G = 0.5f;
    private static final float[][] OFFSETS = {{0, 0}, {1, 0}, {0, 1}, {-1, 0}, {0, -1}};

    private final float anchorT;

    /** @param anchorT the anchor-to-target ratio threshold (4.0 in the reference hyper-parameters) */
    public AnchorMatcher(float anchorT) {
        this.anchorT = anchorT;
    }

    /**
     * Matches targets to the anchors and cells of one level.
     *
     * @param targets rows {@code (imageIndex, cls, cx, cy, w, h)}, box normalised to the image
     * @param gridH rows of the level's grid
     * @param gridW columns of the level's grid
     * @param anchorsGrid anchors of the level in grid units, {@code [w0, h0, w1, h1, ...]}
     */
    public LevelTargets match(float[][] targets, int gridH, int gridW, float[] anchorsGrid) {
        int na = anchorsGrid.length / 2;
        int nt = targets.length;
        LevelTargets.Builder out = new LevelTargets.Builder(nt * na * 3);
        float gainX = gridW;
        float gainY = gridH;
        boolean[][] ok = new boolean[na][nt];
        for (int a = 0; a < na; a++) {
            for (int t = 0; t < nt; t++) {
                float rw = targets[t][4] * gainX / anchorsGrid[2 * a];
                float rh = targets[t][5] * gainY / anchorsGrid[2 * a + 1];
                ok[a][t] = Math.max(Math.max(rw, 1f / rw), Math.max(rh, 1f / rh)) < anchorT;
            }
        }
        for (int o = 0; o < OFFSETS.length; o++) {
            for (int a = 0; a < na; a++) {
                for (int t = 0; t < nt; t++) {
                    if (!ok[a][t]) {
                        continue;
                    }
                    float gx = targets[t][2] * gainX;
                    float gy = targets[t][3] * gainY;
                    if (!offsetApplies(o, gx, gy, gainX - gx, gainY - gy)) {
                        continue;
                    }
                    int gi = clamp((int) (gx - OFFSETS[o][0] * G), gridW - 1);
                    int gj = clamp((int) (gy - OFFSETS[o][1] * G), gridH - 1);
                    out.add((int) targets[t][0], a, gj, gi, (int) targets[t][1],
                            gx - gi, gy - gj, targets[t][4] * gainX, targets[t][5] * gainY,
                            anchorsGrid[2 * a], anchorsGrid[2 * a + 1]);
                }
            }
        }
        return out.build();
    }

    private static boolean offsetApplies(int o, float gx, float gy, float gxi, float gyi) {
        return switch (o) {
            case 0 -> true;
            case 1 -> near(gx);
            case 2 -> near(gy);
            case 3 -> near(gxi);
            default -> near(gyi);
        };
    }

    private static boolean near(float v) {
        return v % 1f < G && v > 1f;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
