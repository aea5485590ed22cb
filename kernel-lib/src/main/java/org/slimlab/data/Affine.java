package org.slimlab.data;

/**
 * A 2-D affine map {@code x' = a x + b y + c, y' = d x + e y + f} in continuous pixel coordinates
 * (pixel i covers [i, i+1)).
 */
record Affine(double a, double b, double c, double d, double e, double f) {
    static final Affine IDENTITY = new Affine(1, 0, 0, 0, 1, 0);

    static Affine translate(double tx, double ty) {
        return new Affine(1, 0, tx, 0, 1, ty);
    }

    /** Counter-clockwise rotation by {@code degrees} (as seen on screen, y down) and uniform scaling. */
    static Affine rotateScale(double degrees, double scale) {
        double r = Math.toRadians(degrees);
        double cos = Math.cos(r) * scale;
        double sin = Math.sin(r) * scale;
        return new Affine(cos, sin, 0, -sin, cos, 0);
    }

    /** Shear by angles (degrees) along x and y. */
    static Affine shear(double degX, double degY) {
        return new Affine(1, Math.tan(Math.toRadians(degX)), 0, Math.tan(Math.toRadians(degY)), 1, 0);
    }

    /** The map that applies this one first and then {@code next}. */
    Affine then(Affine next) {
        return new Affine(
                next.a * a + next.b * d, next.a * b + next.b * e, next.a * c + next.b * f + next.c,
                next.d * a + next.e * d, next.d * b + next.e * e, next.d * c + next.e * f + next.f);
    }

    Affine inverse() {
        double det = a * e - b * d;
        if (Math.abs(det) < 1e-12) {
            throw new IllegalStateException("singular affine map " + this);
        }
        double ia = e / det;
        double ib = -b / det;
        double id = -d / det;
        double ie = a / det;
        return new Affine(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
    }

    double x(double x, double y) {
        return a * x + b * y + c;
    }

    double y(double x, double y) {
        return d * x + e * y + f;
    }

    boolean isIdentity() {
        return equals(IDENTITY);
    }
}
