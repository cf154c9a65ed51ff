package org.sipice.testing;

import java.util.Arrays;
import java.util.Collection;

/** Median and other percentiles of measured values (nearest rank), for benchmark tables. */
public final class Percentiles {
    private final double[] sorted;

    private Percentiles(double[] sorted) {
        this.sorted = sorted;
    }

    public static Percentiles of(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return new Percentiles(v);
    }

    public int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile (0-100), nearest rank; NaN without values. */
    public double at(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public double median() {
        return at(50);
    }
}
