package org.slimlab.kernel.execution;

/**
 * What a cell (or part of one) leaves to show: the value of its last expression, unless that ended
 * with {@code ;} or was a statement or declaration.
 *
 * @param present whether there is a value to show ({@code value} may still be null)
 * @param value   the live object
 */
public record EvalResult(boolean present, Object value) {
    /** Nothing to show. */
    public static final EvalResult NONE = new EvalResult(false, null);

    /** A value to show. */
    public static EvalResult of(Object value) {
        return new EvalResult(true, value);
    }
}
