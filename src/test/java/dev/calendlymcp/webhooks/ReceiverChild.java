package dev.calendlymcp.webhooks;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A receiver in a process of its own, for the test that kills it with {@code kill -9}: it
 * acknowledges deliveries into the SQLite inbox in {@code args[0]} (key {@code args[1]}) and never
 * processes them, so the kill always falls between acknowledgement and processing. Prints its port.
 */
public final class ReceiverChild {

  private ReceiverChild() {}

  public static void main(String[] args) throws InterruptedException {
    SqliteWebhookInbox inbox = SqliteWebhookInbox.open(Path.of(args[0]), Clock.systemUTC());
    WebhookReceiver receiver = new WebhookReceiver(
        WebhookSigningKeys.of(List.of(new WebhookSigningKey(args[1]))), inbox, () -> {}, Clock.systemUTC());
    DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle(receiver::handle).bindNow();
    System.out.println("port " + server.port());
    System.out.flush();
    server.onDispose().block();
  }
}
