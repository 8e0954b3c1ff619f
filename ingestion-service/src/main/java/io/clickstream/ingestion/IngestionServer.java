package io.clickstream.ingestion;

import io.clickstream.ingestion.auth.BearerTokenVerifier;
import io.clickstream.ingestion.collect.CollectConfig;
import io.clickstream.ingestion.collect.CollectHandler;
import io.clickstream.ingestion.collect.SlowClientGuard;
import io.clickstream.ingestion.collect.TrustedProxies;
import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.clickstream.ingestion.metrics.Rejection;
import io.clickstream.ingestion.sink.BatchDestination;
import io.clickstream.ingestion.sink.KafkaSink;
import io.clickstream.ingestion.sink.KinesisSink;
import io.clickstream.ingestion.sink.LocalLakeDestination;
import io.clickstream.ingestion.sink.LocalLakeSink;
import io.clickstream.ingestion.sink.RawSink;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running collector: a Netty HTTP server (epoll when available) in front of one sink: the local lake (default;
 * batches published to the lake directory or S3), Kafka, or Kinesis, as the settings choose. Embeddable (the
 * studio's local mode starts one in its own JVM) and standalone through {@link IngestionMain}. {@link #close()}
 * stops accepting, makes everything accepted durable, answers it, publishes open batches and releases the threads.
 */
public final class IngestionServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestionServer.class);

    private final IngestionSettings settings;
    private final IngestionMetrics metrics;
    private final RawSink sink;
    private final BearerTokenVerifier auth;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final int port;
    private volatile boolean closed;

    private IngestionServer(IngestionSettings settings) {
        this.settings = settings;
        this.metrics = new IngestionMetrics();
        TrustedProxies proxies = TrustedProxies.parse(settings.trustedProxies());
        BatchDestination destination = settings.destination() != null ? settings.destination()
                : new LocalLakeDestination(settings.lakeRoot());
        String target;
        if (settings.kafka() != null) {
            this.sink = new KafkaSink(settings.kafka().bootstrapServers(), settings.kafka().topic(),
                    settings.kafka().tls(), settings.maxQueuedBytes());
            target = "kafka topic " + settings.kafka().topic();
        } else if (settings.kinesis() != null) {
            this.sink = new KinesisSink(settings.kinesis().client(), settings.kinesis().stream(),
                    settings.maxQueuedBytes(), settings.kinesis().maxAttempts());
            target = "kinesis stream " + settings.kinesis().stream();
        } else {
            this.sink = new LocalLakeSink(settings.lakeRoot(), destination, settings.nodeId(), settings.rollBytes(),
                    settings.rollAge().toMillis(), settings.maxQueuedBytes(), settings.gzipLevel(), metrics);
            target = destination.describe();
        }
        metrics.watchSink(sink::queuedRequests, sink::queuedBytes, sink::healthy);
        this.auth = settings.auth() == null ? null : new BearerTokenVerifier(settings.auth());
        CollectConfig config = new CollectConfig(settings.path(), settings.apps(), sink, metrics, proxies,
                Long.toString(System.currentTimeMillis(), 36) + "-", new AtomicLong(), auth);
        boolean epoll = Epoll.isAvailable();
        // One event loop per core unless set. In front of the local lake the loops share the sink's lanes, so a
        // second loop does not halve the group commits (bench/ingestion/README.md).
        int threads = settings.ioThreads() > 0 ? settings.ioThreads() : Runtime.getRuntime().availableProcessors();
        this.boss = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("ingest-accept"))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("ingest-accept"));
        this.workers = epoll ? new EpollEventLoopGroup(threads, new DefaultThreadFactory("ingest-io"))
                : new NioEventLoopGroup(threads, new DefaultThreadFactory("ingest-io"));
        int maxRequestBytes = settings.maxRequestBytes();
        long requestTimeoutMillis = settings.requestTimeout().toMillis();
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec(4096, 16 * 1024, 64 * 1024))
                                    .addLast(new SlowClientGuard(requestTimeoutMillis, metrics))
                                    .addLast(new CountingAggregator(maxRequestBytes, metrics))
                                    .addLast(new CollectHandler(config));
                        }
                    });
            this.serverChannel = bootstrap.bind(settings.host(), settings.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            sink.close();
            if (auth != null) {
                auth.close();
            }
            throw e;
        }
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("ingestion listening on {}:{}{} (batches to {}, node {}, {} transport{})", settings.host(), port,
                settings.path(), target, settings.nodeId(), epoll ? "epoll" : "nio",
                settings.auth() == null ? "" : ", bearer tokens of " + settings.auth().issuer() + " for "
                        + settings.auth().audience());
    }

    /** Binds, recovers what a previous run left in progress, and starts serving. */
    public static IngestionServer start(IngestionSettings settings) {
        return new IngestionServer(settings);
    }

    /** The bound port (the actual one when the settings asked for port 0). */
    public int port() {
        return port;
    }

    public IngestionSettings settings() {
        return settings;
    }

    public IngestionMetrics metrics() {
        return metrics;
    }

    /** True while the sink accepts and syncs writes. */
    public boolean healthy() {
        return !closed && sink.healthy();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        // The sink acknowledges everything it holds; the acknowledgements are written by the still-running loops.
        sink.close();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (auth != null) {
            auth.close();
        }
        boss.terminationFuture().syncUninterruptibly();
        log.info("ingestion on port {} stopped", port);
    }

    /** Counts bodies refused by the aggregator for being larger than any request may be as sent. */
    private static final class CountingAggregator extends HttpObjectAggregator {
        private final IngestionMetrics metrics;

        CountingAggregator(int maxContentLength, IngestionMetrics metrics) {
            super(maxContentLength);
            this.metrics = metrics;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
            metrics.rejected(Rejection.TOO_LARGE);
            metrics.response(413);
            super.handleOversizedMessage(ctx, oversized);
        }
    }
}
