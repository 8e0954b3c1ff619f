package io.clickstream.studio.api;

import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.PreconditionRequiredException;

/**
 * Optimistic locking over HTTP: a read answers the item's version as its {@code ETag} ({@code "3"}), and a change
 * names the version it was based on in {@code If-Match} or in the body's {@code version} field. The store then
 * refuses a stale one ({@code 409}); a change that names none is refused with {@code 428}, so nothing is
 * overwritten blindly.
 */
public final class ApiVersions {

    private ApiVersions() {
    }

    /** The ETag of a version: {@code "3"}. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version a change is based on: {@code If-Match} (an ETag from a read, quoted or not) or else the body's
     * {@code version}; both given must agree.
     */
    public static long expected(String ifMatch, Long bodyVersion) {
        Long fromHeader = null;
        if (ifMatch != null && !ifMatch.isBlank()) {
            String tag = ifMatch.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            tag = tag.replace("\"", "");
            try {
                fromHeader = Long.parseLong(tag);
            } catch (NumberFormatException e) {
                throw InvalidInputException.of("If-Match", "must be the ETag of a read, such as \"3\"");
            }
        }
        if (fromHeader != null && bodyVersion != null && !fromHeader.equals(bodyVersion)) {
            throw InvalidInputException.of("version", "the body's version " + bodyVersion
                    + " differs from If-Match " + fromHeader);
        }
        Long version = fromHeader != null ? fromHeader : bodyVersion;
        if (version == null) {
            throw new PreconditionRequiredException("Send the version you read, as the If-Match header (the ETag of "
                    + "a GET) or as 'version' in the body, so that a change someone made meanwhile is not "
                    + "overwritten");
        }
        return version;
    }
}
