package org.slimlab.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * C's {@code %.Nf} and {@code %.Ng} as Python prints them: rounding the exact binary value half-to-even, so
 * 0.4975 (stored as 0.49749999...) prints as {@code 0.497}, as in Ultralytics' output. {@code %g} prints
 * {@code 0.5}, {@code 0.912}, {@code 1}, {@code 0.0123}.
 */
final class CFormat {
    private CFormat() {
    }

    /** {@code value} with {@code decimals} digits after the point, as C's {@code %.Nf}. */
    static String f(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return g(value, 1);
        }
        String s = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return value < 0 && !s.startsWith("-") ? "-" + s : s;
    }

    /** {@code value} with {@code precision} significant digits, trailing zeros removed, as C's {@code %g}. */
    static String g(double value, int precision) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal r = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = r.precision() - r.scale() - 1;
        if (exponent >= -4 && exponent < precision) {
            return strip(r.setScale(Math.max(precision - 1 - exponent, 0), RoundingMode.HALF_EVEN).toPlainString());
        }
        BigDecimal mantissa = r.movePointLeft(exponent);
        String e = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        return strip(mantissa.setScale(precision - 1, RoundingMode.HALF_EVEN).toPlainString())
                + (exponent < 0 ? "e-" : "e+") + e;
    }

    private static String strip(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }
}
