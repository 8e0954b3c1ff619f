package io.clickstream.ingestion.collect;

import io.clickstream.ingestion.AppPolicy;
import io.clickstream.ingestion.auth.BearerTokenVerifier;
import io.clickstream.ingestion.metrics.Rejection;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import io.clickstream.model.RequestBodyCheck;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's HTTP handler: {@code POST <path>} (the SDK protocol), its CORS preflight, {@code GET /ping},
 * {@code GET /health} and {@code GET /metrics}. A collect request is checked at the door, turned into an envelope
 * line and handed to the sink; its 200 is written only when the sink reports it durable. Responses leave in request
 * order even when a later request is refused before an earlier one is acknowledged (pipelining clients).
 */
public final class CollectHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final byte[] EMPTY = new byte[0];

    private final CollectConfig config;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private InetAddress peer;
    private String peerText;

    /** The response of one request, possibly still waiting for the sink. */
    private static final class Slot {
        final boolean keepAlive;
        String corsOrigin;
        FullHttpResponse response;

        Slot(boolean keepAlive) {
            this.keepAlive = keepAlive;
        }
    }

    public CollectHandler(CollectConfig config) {
        this.config = config;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        SocketAddress remote = context.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            peer = inet.getAddress();
            peerText = peer.getHostAddress();
        }
        super.channelActive(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        slots.clear();
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
        Slot slot = new Slot(HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess());
        slots.addLast(slot);
        try {
            route(request, slot);
        } catch (CollectRejection rejection) {
            refuse(slot, rejection);
        }
    }

    private void refuse(Slot slot, CollectRejection rejection) {
        config.metrics().rejected(rejection.reason());
        FullHttpResponse response;
        if (rejection.status() == 503) {
            response = unavailable(rejection.getMessage());
        } else {
            response = text(HttpResponseStatus.valueOf(rejection.status()), rejection.getMessage());
            if (rejection.reason() == Rejection.UNAUTHENTICATED) {
                // The protocol answers failed auth with 403 (DESIGN.md); the challenge still tells a client why.
                // RFC 6750: no error code when no token was sent at all.
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
                        !rejection.getMessage().startsWith("unauthorized: missing")
                                ? "Bearer realm=\"clickstream\", error=\"invalid_token\"" : "Bearer realm=\"clickstream\"");
            }
        }
        complete(slot, response);
    }

    private void route(FullHttpRequest request, Slot slot) {
        if (!request.decoderResult().isSuccess()) {
            complete(slot, text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
            return;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        HttpMethod method = request.method();
        if (path.equals(config.path())) {
            if (method == HttpMethod.POST) {
                collect(request, slot);
            } else if (method == HttpMethod.OPTIONS) {
                preflight(request, slot);
            } else {
                FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST");
                response.headers().set(HttpHeaderNames.ALLOW, "POST, OPTIONS");
                complete(slot, response);
            }
            return;
        }
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        switch (path) {
            case "/ping" -> complete(slot, read ? text(HttpResponseStatus.OK, "ok") : notAllowed());
            case "/health" -> complete(slot, read ? health() : notAllowed());
            case "/metrics" -> complete(slot, read ? metrics() : notAllowed());
            default -> complete(slot, text(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path));
        }
    }

    private void collect(FullHttpRequest request, Slot slot) {
        CollectQuery params = CollectQuery.parse(request.uri());
        String appId = params.appId;
        if (appId == null || appId.isEmpty()) {
            throw new CollectRejection(400, Rejection.MISSING_APP_ID, "the appId query parameter is required");
        }
        AppPolicy policy = enabledApp(appId);
        HttpHeaders headers = request.headers();
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            if (!policy.allowsOrigin(origin)) {
                throw new CollectRejection(403, Rejection.ORIGIN_NOT_ALLOWED,
                        "origin " + origin + " is not allowed for app " + appId);
            }
            slot.corsOrigin = origin;
        }
        BearerTokenVerifier auth = config.auth();
        if (auth != null) {
            CompletableFuture<BearerTokenVerifier.Verdict> verdict = auth.verify(headers.get(HttpHeaderNames.AUTHORIZATION));
            if (verdict.isDone()) {
                requireAccepted(verdict.join());
            } else {
                // The token names a key not cached yet: continue on this loop once the issuer's keys are fetched.
                request.retain();
                io.netty.util.concurrent.EventExecutor loop = ctx.executor();
                verdict.whenComplete((result, failure) -> loop.execute(() -> {
                    try {
                        requireAccepted(result);
                        accept(request, slot, params, appId);
                    } catch (CollectRejection rejection) {
                        refuse(slot, rejection);
                    } catch (RuntimeException e) {
                        // As exceptionCaught does for a request handled at once: the slot would never complete.
                        ctx.close();
                    } finally {
                        request.release();
                    }
                }));
                return;
            }
        }
        accept(request, slot, params, appId);
    }

    private static void requireAccepted(BearerTokenVerifier.Verdict verdict) {
        if (verdict == null) {
            throw new CollectRejection(503, Rejection.AUTH_UNAVAILABLE, "the token cannot be verified now; retry later");
        }
        if (!verdict.accepted()) {
            throw new CollectRejection(verdict.status(),
                    verdict.status() == 403 ? Rejection.UNAUTHENTICATED : Rejection.AUTH_UNAVAILABLE,
                    verdict.status() == 403 ? "unauthorized: " + verdict.reason() : verdict.reason());
        }
    }

    /** The rest of a collect request once its app, origin and token are accepted. */
    private void accept(FullHttpRequest request, Slot slot, CollectQuery params, String appId) {
        HttpHeaders headers = request.headers();
        checkContentType(headers.get(HttpHeaderNames.CONTENT_TYPE));

        RequestBody body = RequestBody.forThisThread();
        body.receive(request.content());
        config.metrics().received(body.sentLength());
        String hash = params.hashCode;
        if (hash != null && !hash.isEmpty() && !body.hashMatches(hash)) {
            throw new CollectRejection(400, Rejection.HASH_MISMATCH,
                    "hashCode does not match the SHA-256 of the body as sent");
        }
        String compression = params.compression;
        if (compression == null || compression.isEmpty()) {
            compression = null;
            body.plain();
        } else if (compression.equalsIgnoreCase("gzip")) {
            body.base64Gzip();
        } else {
            throw new CollectRejection(400, Rejection.BAD_ENCODING,
                    "unsupported compression '" + compression + "'; only gzip is supported");
        }
        FastBodyCheck fast = FastBodyCheck.of(body.json(), 0, body.jsonLength());
        int events = fast.events();
        boolean mayHoldLineBreaks = events < 0 || fast.lineBreaks();
        if (events < 0) {
            RequestBodyCheck.Result check = RequestBodyCheck.check(body.json(), 0, body.jsonLength());
            if (!check.ok()) {
                throw new CollectRejection(400, Rejection.MALFORMED_BODY, check.error());
            }
            events = check.events();
        }

        long now = System.currentTimeMillis();
        String ip = config.trustedProxies().clientAddress(peer, peerText, headers.get("X-Forwarded-For"));
        RawEnvelope meta = new RawEnvelope(config.nextRid(), now, appId, params.platform, ip,
                utf8(headers.get(HttpHeaderNames.USER_AGENT)), request.uri(), compression,
                longOrNull(params.bundleSequenceId), longOrNull(params.uploadTimestamp),
                null);
        byte[] line = RawEnvelopeCodec.encodeLine(meta, body.json(), 0, body.jsonLength(), mayHoldLineBreaks);
        int eventCount = events;
        long bytes = body.jsonLength();
        io.netty.util.concurrent.EventExecutor loop = ctx.executor();
        long offeredNanos = System.nanoTime();
        boolean taken = config.sink().offer(appId, now, line, loop, failure -> {
            if (loop.inEventLoop()) {
                acknowledged(slot, failure, eventCount, bytes, offeredNanos);
            } else {
                loop.execute(() -> acknowledged(slot, failure, eventCount, bytes, offeredNanos));
            }
        });
        if (!taken) {
            throw sinkUnavailable();
        }
    }

    private void acknowledged(Slot slot, Throwable failure, int events, long bytes, long offeredNanos) {
        if (failure == null) {
            config.metrics().acknowledged(System.nanoTime() - offeredNanos);
            config.metrics().accepted(events, bytes);
            complete(slot, empty(HttpResponseStatus.OK));
        } else {
            CollectRejection rejection = sinkUnavailable();
            config.metrics().rejected(rejection.reason());
            complete(slot, unavailable(rejection.getMessage()));
        }
    }

    private static CollectRejection sinkUnavailable() {
        return new CollectRejection(503, Rejection.SINK_UNAVAILABLE, "the sink cannot take events now; retry later");
    }

    private void preflight(FullHttpRequest request, Slot slot) {
        String appId = CollectQuery.parse(request.uri()).appId;
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        AppPolicy policy = appId == null ? null : config.apps().find(appId).filter(AppPolicy::enabled).orElse(null);
        if (policy == null || !policy.allowsOrigin(origin)) {
            config.metrics().rejected(policy == null ? Rejection.UNKNOWN_APP : Rejection.ORIGIN_NOT_ALLOWED);
            complete(slot, text(HttpResponseStatus.FORBIDDEN, "cross-origin requests from " + origin
                    + " are not allowed for this app"));
            return;
        }
        slot.corsOrigin = origin;
        FullHttpResponse response = empty(HttpResponseStatus.NO_CONTENT);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS");
        String requested = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                requested != null ? requested : "Content-Type, Authorization");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        complete(slot, response);
    }

    private AppPolicy enabledApp(String appId) {
        AppPolicy policy = config.apps().find(appId).orElse(null);
        if (policy == null || !policy.enabled()) {
            throw new CollectRejection(403, Rejection.UNKNOWN_APP, "unknown or disabled appId: " + appId);
        }
        return policy;
    }

    private static void checkContentType(String contentType) {
        if (contentType == null) {
            return;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        // text/plain is what navigator.sendBeacon and no-preflight fetches send; curl -d sends form encoding.
        if (type.startsWith("application/json") || type.startsWith("text/plain")
                || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("application/octet-stream")) {
            return;
        }
        throw new CollectRejection(415, Rejection.UNSUPPORTED_MEDIA_TYPE,
                "unsupported content type " + contentType + "; send application/json");
    }

    private FullHttpResponse health() {
        boolean up = config.sink().healthy();
        String json = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"sink\":{\"healthy\":" + up
                + ",\"queued_requests\":" + config.sink().queuedRequests()
                + ",\"queued_bytes\":" + config.sink().queuedBytes() + "}}";
        FullHttpResponse response = response(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                json.getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return response;
    }

    private FullHttpResponse metrics() {
        FullHttpResponse response = response(HttpResponseStatus.OK,
                config.metrics().render().getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        return response;
    }

    /** Stores a slot's response and writes every response that is ready, in request order. */
    private void complete(Slot slot, FullHttpResponse response) {
        slot.response = response;
        boolean wrote = false;
        Slot head;
        while ((head = slots.peekFirst()) != null && head.response != null) {
            slots.pollFirst();
            FullHttpResponse ready = head.response;
            config.metrics().response(ready.status().code());
            if (head.corsOrigin != null) {
                HttpHeaders headers = ready.headers();
                headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, head.corsOrigin);
                headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
                headers.set(HttpHeaderNames.VARY, "Origin");
            }
            HttpUtil.setKeepAlive(ready, head.keepAlive);
            if (head.keepAlive) {
                ctx.write(ready, ctx.voidPromise());
            } else {
                ctx.write(ready).addListener(ChannelFutureListener.CLOSE);
            }
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private static FullHttpResponse notAllowed() {
        FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET");
        response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        return response;
    }

    private static FullHttpResponse unavailable(String message) {
        FullHttpResponse response = text(HttpResponseStatus.SERVICE_UNAVAILABLE, message);
        response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        return response;
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        return response(status, EMPTY);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String message) {
        FullHttpResponse response = response(status, (message + "\n").getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] content) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                content.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content), false);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.length);
        return response;
    }

    /**
     * A header value as the client wrote it: Netty reads header bytes one char each (ISO-8859-1), while clients that
     * send non-ASCII in a header (device names in Android user agents) send UTF-8. Bytes that are not valid UTF-8
     * keep their one-char-per-byte reading.
     */
    static String utf8(String header) {
        if (header == null) {
            return null;
        }
        int i = 0;
        while (i < header.length() && header.charAt(i) < 0x80) {
            i++;
        }
        if (i == header.length()) {
            return header;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return header;
        }
    }

    private static Long longOrNull(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
