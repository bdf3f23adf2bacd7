package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;

/**
 * How {@link StdioTransport} writes: on the sending thread when that thread may block (one thread
 * hop fewer per tool call), on its own writer thread when the sender must not block, and always
 * one whole message per line in the order each sender sent them.
 */
class StdioTransportTest {

  private final McpJson json = new McpJson();
  /** Input that never sends a message; {@link #stop} ends it. */
  private final java.util.concurrent.CountDownLatch inputEnded = new java.util.concurrent.CountDownLatch(1);
  private final ThreadRecordingOutput output = new ThreadRecordingOutput();
  private final AtomicReference<McpServerTransport> sessionSide = new AtomicReference<>();
  private StdioTransport transport;

  @BeforeEach
  void start() {
    transport = new StdioTransport(json.sdk(), () -> {
      try {
        inputEnded.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }, output);
    transport.setSessionFactory(side -> {
      sessionSide.set(side);
      return new McpServerSession("stdio", Duration.ofSeconds(5), side,
          request -> Mono.error(new UnsupportedOperationException()), Map.of(), Map.of());
    });
  }

  @AfterEach
  void stop() throws Exception {
    inputEnded.countDown();
    transport.closeGracefully().block(Duration.ofSeconds(5));
  }

  @Test
  void aMessageSentFromAThreadThatMayBlockIsWrittenOnThatThread() {
    String sender = Thread.currentThread().getName();

    sessionSide.get().sendMessage(notification(1)).block(Duration.ofSeconds(5));

    assertThat(output.lines()).hasSize(1);
    assertThat(output.writers()).containsExactly(sender);
  }

  @Test
  void aMessageSentFromAThreadThatMustNotBlockIsWrittenByTheWriterThread() {
    Mono.defer(() -> sessionSide.get().sendMessage(notification(1)))
        .subscribeOn(Schedulers.parallel())
        .block(Duration.ofSeconds(5));

    awaitLines(1);
    assertThat(output.writers()).containsExactly("stdio-writer");
  }

  @Test
  void aMessageSentFromANettyEventLoopIsWrittenByTheWriterThread() throws Exception {
    // Tool results and progress complete on Reactor Netty's event loops (the Calendly client's).
    LoopResources loops = LoopResources.create("stdio-test", 1, true);
    try {
      loops.onClient(true).next().submit(() -> sessionSide.get().sendMessage(notification(1)).subscribe())
          .get(5, java.util.concurrent.TimeUnit.SECONDS);

      awaitLines(1);
      assertThat(output.writers()).containsExactly("stdio-writer");
    } finally {
      loops.disposeLater().block(Duration.ofSeconds(5));
    }
  }

  @Test
  void messagesFromManyThreadsComeOutWholeAndInTheOrderEachSenderSentThem() {
    int perSender = 200;
    List<Mono<Void>> senders = new ArrayList<>();
    for (int sender = 0; sender < 4; sender++) {
      int id = sender;
      Flux<Void> sends = Flux.range(0, perSender)
          .concatMap(seq -> sessionSide.get().sendMessage(notification(id * 1000 + seq)));
      // Two senders that may block, two that must not: direct and queued writes interleave.
      senders.add(sends.subscribeOn(id % 2 == 0 ? Schedulers.boundedElastic() : Schedulers.parallel()).then());
    }
    Mono.when(senders).block(Duration.ofSeconds(30));

    awaitLines(4 * perSender);
    Map<Integer, Integer> lastSeen = new HashMap<>();
    for (String line : output.lines()) {
      JsonNode message = json.mapper().readTree(line);
      int value = message.get("params").get("n").asInt();
      int sender = value / 1000;
      assertThat(value % 1000).isEqualTo(lastSeen.getOrDefault(sender, -1) + 1);
      lastSeen.put(sender, value % 1000);
    }
    assertThat(lastSeen).hasSize(4).allSatisfy((sender, last) -> assertThat(last).isEqualTo(perSender - 1));
  }

  @Test
  void aResultSentWhileAQueuedProgressNotificationIsStillBeingWrittenGoesOutAfterIt() throws Exception {
    // A progress notification from an event loop goes to the writer thread, which is slow to write
    // it; the call's result, sent meanwhile from a thread that may block, must not overtake it.
    output.holdWrites();
    Mono.defer(() -> sessionSide.get().sendMessage(notification(1)))
        .subscribeOn(Schedulers.parallel())
        .block(Duration.ofSeconds(5));
    output.awaitHeldWriter(Duration.ofSeconds(30));

    sessionSide.get().sendMessage(McpSchema.JSONRPCResponse.result(7, Map.of("done", true)))
        .block(Duration.ofSeconds(5));
    output.releaseWrites();

    awaitLines(2);
    assertThat(output.lines().get(0)).contains("notifications/test");
    assertThat(output.lines().get(1)).contains("\"id\":7");
  }

  private static McpSchema.JSONRPCNotification notification(int n) {
    return new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, "notifications/test", Map.of("n", n));
  }

  private void awaitLines(int count) {
    output.awaitLines(count, Duration.ofSeconds(30));
    assertThat(output.lines()).hasSize(count);
  }

  /** Keeps what was written, and which thread wrote each message. */
  private static final class ThreadRecordingOutput extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<String> writers = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch writerHeld = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean holding;

    /** From now on the first write waits in {@link #write} until {@link #releaseWrites}. */
    void holdWrites() {
      holding = true;
    }

    void awaitHeldWriter(Duration timeout) throws InterruptedException {
      assertThat(writerHeld.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
    }

    void releaseWrites() {
      holding = false;
      released.countDown();
    }

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      if (holding) {
        writerHeld.countDown();
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      record(data, offset, length);
    }

    private synchronized void record(byte[] data, int offset, int length) {
      writers.add(Thread.currentThread().getName());
      bytes.write(data, offset, length);
      notifyAll();
    }

    synchronized void awaitLines(int count, Duration timeout) {
      long end = System.nanoTime() + timeout.toNanos();
      try {
        while (lines().size() < count && System.nanoTime() < end) {
          wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized List<String> lines() {
      String text = bytes.toString(StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    List<String> writers() {
      return writers;
    }
  }
}
