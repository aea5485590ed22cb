package org.slimlab.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slimlab.SlimException;

/**
 * Training augmentation hyperparameters, named and defaulted as Ultralytics' (hyp.scratch-low / default.yaml).
 * {@link #none()} switches everything off, as for validation.
 *
 * @param hsvH      hue shift, fraction of the hue circle (0.015)
 * @param hsvS      saturation gain range, ±fraction (0.7)
 * @param hsvV      value gain range, ±fraction (0.4)
 * @param degrees   rotation range, ±degrees (0)
 * @param translate translation range, ±fraction of the image size (0.1)
 * @param scale     scale range, ±gain (0.5)
 * @param shear     shear range, ±degrees (0)
 * @param flipUd    probability of an up-down flip (0)
 * @param flipLr    probability of a left-right flip (0.5)
 * @param mosaic    probability of a 4-image mosaic (1.0)
 */
public record Augment(double hsvH, double hsvS, double hsvV, double degrees, double translate, double scale,
                      double shear, double flipUd, double flipLr, double mosaic) {
    private static final String[] KEYS = {"hsv_h", "hsv_s", "hsv_v", "degrees", "translate", "scale", "shear",
        "flipud", "fliplr", "mosaic"};

    /** Checks ranges; a value out of range is a {@link SlimException} naming the Ultralytics key. */
    public Augment {
        double[] v = {hsvH, hsvS, hsvV, degrees, translate, scale, shear, flipUd, flipLr, mosaic};
        double[] max = {1, 1, 1, 180, 0.5, 0.99, 89, 1, 1, 1};
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0 && v[i] <= max[i])) {
                throw new SlimException("augment: " + KEYS[i] + " = " + v[i] + " is outside 0.." + max[i]);
            }
        }
    }

    /** Ultralytics' defaults: HSV 0.015/0.7/0.4, translate 0.1, scale 0.5, fliplr 0.5, mosaic 1.0. */
    public static Augment defaults() {
        return new Augment(0.015, 0.7, 0.4, 0, 0.1, 0.5, 0, 0, 0.5, 1.0);
    }

    /** No augmentation (validation). */
    public static Augment none() {
        return new Augment(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** True when any augmentation is on. */
    public boolean enabled() {
        return !equals(none());
    }

    /** A copy with another mosaic probability (e.g. 0 for the last epochs, as Ultralytics' close_mosaic). */
    public Augment withMosaic(double p) {
        return new Augment(hsvH, hsvS, hsvV, degrees, translate, scale, shear, flipUd, flipLr, p);
    }

    /** The values under Ultralytics' keys (hsv_h, ..., fliplr, mosaic), for args.yaml. */
    public Map<String, Object> toMap() {
        double[] v = {hsvH, hsvS, hsvV, degrees, translate, scale, shear, flipUd, flipLr, mosaic};
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < KEYS.length; i++) {
            m.put(KEYS[i], v[i]);
        }
        return m;
    }

    /** Reads Ultralytics' keys from {@code map}; keys it lacks keep their value in {@code base}, others are ignored. */
    public static Augment fromMap(Map<String, ?> map, Augment base) {
        Map<String, Object> b = base.toMap();
        double[] v = new double[KEYS.length];
        for (int i = 0; i < KEYS.length; i++) {
            Object o = map.containsKey(KEYS[i]) ? map.get(KEYS[i]) : b.get(KEYS[i]);
            if (!(o instanceof Number n)) {
                throw new SlimException("augment: " + KEYS[i] + " must be a number, got '" + o + "'");
            }
            v[i] = n.doubleValue();
        }
        return new Augment(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }
}
