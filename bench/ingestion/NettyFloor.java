import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ResourceLeakDetector;

/**
 * The floor under the collector: the same Netty transport and HTTP pipeline (epoll, {@code HttpServerCodec} with the
 * collector's limits, {@code HttpObjectAggregator}), answering every request with an empty 200 at once. No check, no
 * envelope, no sink. Load it like nginx in run.sh to see what Netty's HTTP costs on this machine:
 *
 * <pre>
 *   java -cp 'ingestion-service/target/lib/*' bench/ingestion/NettyFloor.java 18600 2 &amp;
 *   (cd bench/ingestion &amp;&amp; wrk -t2 -c64 -d10s -s collect.lua http://127.0.0.1:18600/collect)
 * </pre>
 *
 * Arguments: port (18600), event loops (2).
 */
public final class NettyFloor {

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18600;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // As the standalone collector does (IngestionMain): no sampled leak tracing.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        EpollEventLoopGroup boss = new EpollEventLoopGroup(1);
        EpollEventLoopGroup workers = new EpollEventLoopGroup(loops);
        new ServerBootstrap().group(boss, workers).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new HttpServerCodec(4096, 16 * 1024, 64 * 1024))
                                .addLast(new HttpObjectAggregator(1 << 20))
                                .addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, false);
                                        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                                        ctx.writeAndFlush(response, ctx.voidPromise());
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("Netty floor on 127.0.0.1:" + port + " with " + loops + " event loops");
        Thread.currentThread().join();
    }
}
