package io.clickstream.ingestion.collect;

import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Protects the event loops from clients that send a request slowly or hold a connection open without using it.
 * One check per connection runs a few times per timeout (no per-request timer): a request whose body has not fully
 * arrived in time gets 408 and the connection is closed; a connection idle for the timeout is closed.
 */
public final class SlowClientGuard extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private final IngestionMetrics metrics;
    private long requestStartNanos;
    private boolean receiving;
    private long lastActivityNanos;
    private ScheduledFuture<?> check;

    public SlowClientGuard(long timeoutMillis, IngestionMetrics metrics) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastActivityNanos = System.nanoTime();
        long period = Math.max(5, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4);
        check = ctx.executor().scheduleAtFixedRate(() -> inspect(ctx), period, period, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) {
            check.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        long now = System.nanoTime();
        lastActivityNanos = now;
        if (msg instanceof HttpRequest) {
            requestStartNanos = now;
            receiving = true;
        }
        if (msg instanceof LastHttpContent) {
            receiving = false;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise)
            throws Exception {
        lastActivityNanos = System.nanoTime();
        super.write(ctx, msg, promise);
    }

    private void inspect(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        if (receiving && now - requestStartNanos > timeoutNanos) {
            receiving = false;
            metrics.response(408);
            byte[] text = "request not received in time\n".getBytes(StandardCharsets.UTF_8);
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(text));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, text.length);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            // Written from the head of the pipeline past the handlers that wait for a whole request.
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else if (!receiving && now - lastActivityNanos > timeoutNanos) {
            ctx.close();
        }
    }
}
