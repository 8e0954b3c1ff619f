package io.clickstream.studio.embed;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The address of an embed link: the studio's own base (as the request reached it, proxies included) + {@code /embed/<token>}. */
public final class EmbedUrls {

    /** The embed page's path prefix. */
    public static final String PREFIX = "/embed/";

    private EmbedUrls() {
    }

    public static String of(HttpServletRequest request, String token) {
        return ServletUriComponentsBuilder.fromContextPath(request).path(PREFIX).path(token).toUriString();
    }

    /** The studio's own origin ({@code https://studio.example.com}) as the request reached it. */
    public static String origin(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request).replacePath(null).replaceQuery(null).build()
                .toUriString();
    }
}
