package dev.calendlymcp.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Applies {@link ConnectionLimits} to a Reactor Netty HTTP/1.1 server, so that a client cannot hold
 * connections open for nothing: a cap on open connections, a deadline for each request to arrive
 * whole, and Reactor Netty's idle timeout between requests.
 *
 * <p>Reactor Netty's own timeouts do not cover a request whose headers trickle in: its idle timeout
 * restarts with every byte, and its read and request timeouts start once the headers are in. Here a
 * request's deadline starts at its first byte and ends with its last, headers and body alike; a
 * response (an SSE stream included) runs without one. Its own connection cap is not used either, as
 * it logs a WARN per refused connection and counts nothing.
 *
 * <p>Meters: {@code mcp.http.connections.open}, {@code mcp.http.connections.refused}, {@code
 * mcp.http.requests.read.timeouts}. Nothing here blocks: timers run on the connection's event loop.
 */
public final class ConnectionGuard {

  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

  private final ConnectionLimits limits;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter refused;
  private final Counter timedOut;

  public ConnectionGuard(ConnectionLimits limits, MeterRegistry registry) {
    this.limits = Objects.requireNonNull(limits, "limits");
    Gauge.builder("mcp.http.connections.open", open, AtomicInteger::get)
        .description("HTTP connections open")
        .register(registry);
    this.refused = Counter.builder("mcp.http.connections.refused")
        .description("HTTP connections closed on arrival because the limit of open connections was reached")
        .register(registry);
    this.timedOut = Counter.builder("mcp.http.requests.read.timeouts")
        .description("HTTP connections closed because a request did not arrive whole in time")
        .register(registry);
  }

  /** {@code server} with the limits applied. */
  public HttpServer applyTo(HttpServer server) {
    return server
        .idleTimeout(limits.idleTimeout())
        .doOnChannelInit((observer, channel, remoteAddress) -> admit(channel));
  }

  /** How many connections are open. */
  public int openConnections() {
    return open.get();
  }

  private void admit(Channel channel) {
    int current;
    do {
      current = open.get();
      if (current >= limits.maxConnections()) {
        refused.increment();
        log.debug("Refused a connection: {} are open, the limit", current);
        channel.close();
        return;
      }
    } while (!open.compareAndSet(current, current + 1));
    channel.closeFuture().addListener(closed -> open.decrementAndGet());
    RequestDeadline deadline = new RequestDeadline();
    channel.pipeline()
        .addBefore(NettyPipeline.HttpCodec, "calendly-mcp.request-start", deadline.start)
        .addAfter(NettyPipeline.HttpCodec, "calendly-mcp.request-end", deadline.end);
  }

  /**
   * The deadline of the request being read on one connection: armed by its first bytes (before the
   * HTTP decoder), disarmed by its decoded end (after it). Both handlers run on the connection's
   * event loop, so the timer needs no lock.
   */
  private final class RequestDeadline {

    private ScheduledFuture<?> timer;
    private boolean expired;

    final ChannelInboundHandlerAdapter start = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (timer == null) {
          timer = ctx.executor().schedule(() -> expire(ctx), limits.requestReadTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
      }
    };

    final ChannelInboundHandlerAdapter end = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (expired) {
          // What the decoder makes of the cut-off request as the connection closes: nothing to
          // serve, and Reactor Netty would log a WARN for it, one per slow client.
          ReferenceCountUtil.release(msg);
          return;
        }
        if (msg instanceof LastHttpContent) {
          disarm();
        }
        ctx.fireChannelRead(msg);
      }
    };

    private void disarm() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }

    private void expire(ChannelHandlerContext ctx) {
      timer = null;
      expired = true;
      timedOut.increment();
      log.debug("Closed a connection whose request did not arrive whole within {}", limits.requestReadTimeout());
      ctx.channel().close();
    }
  }
}
