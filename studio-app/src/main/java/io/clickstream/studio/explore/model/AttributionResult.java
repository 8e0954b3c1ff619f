package io.clickstream.studio.explore.model;

import java.util.List;

/**
 * Credit per touch-point label that got some, most credited first. {@code totalConversions} and {@code totalValue} are of all
 * goal events in the range; the {@code unattributed} ones had no touch in their window. Credits plus unattributed
 * add up to the totals (to rounding).
 */
public record AttributionResult(List<Credit> touchPoints, long totalConversions, double totalValue,
                                long unattributedConversions, double unattributedValue, String sql) {

    /** A label's share: conversions (fractional under shared models) and value credited to it. */
    public record Credit(String touchPoint, double conversions, double value) {
    }
}
