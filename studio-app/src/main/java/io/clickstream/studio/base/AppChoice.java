package io.clickstream.studio.base;

import java.time.ZoneId;

/**
 * An app as the header's app picker offers it: its id (what URLs carry), the name people know it by, and the time
 * zone its days are counted in.
 */
public record AppChoice(String appId, String name, ZoneId zone) {

    /** The name, and the id when they differ: {@code Shop web (shop-web)}. */
    public String label() {
        return name == null || name.isBlank() || name.equals(appId) ? appId : name + " (" + appId + ")";
    }
}
