package dev.calendlymcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The MCP session on a pair of byte streams: newline-delimited JSON-RPC, as the SDK's {@code
 * StdioServerTransportProvider} speaks it, with one thread hop fewer per answer.
 *
 * <p>Why not the SDK's: it hands every outgoing message to a writer thread of its own. A tool
 * call's answer is ready on the audit writer's thread (its record must be on disk first, see
 * docs/audit.md) or on Netty's event loop, so that hand-over was a fourth thread per call, each
 * hop a wake-up that waits for a CPU on a busy machine. Here a message is written on the thread
 * that sends it whenever that thread may block; only a thread that must never block (an event
 * loop, Reactor's parallel workers) leaves it to the writer thread. Messages still go out one at a
 * time and in the order they were sent: a sender writes directly only when nothing is queued or
 * being written, and whoever writes drains what was queued meanwhile.
 *
 * <p>It also takes messages, not lines: {@link ScreenedInput} has already read and checked each
 * line, and the SDK's transport would parse it a second time (then convert it a third). Otherwise
 * as the SDK's: one reader thread hands each message to the session on that thread, and once input
 * ends (or the session closes) nothing more is written.
 */
final class StdioTransport implements McpServerTransportProvider {

  private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);

  /** Where the client's messages come from, one at a time. */
  interface Inbound {
    /** The next message, read and checked; null once input has ended. */
    JSONRPCMessage next() throws IOException;
  }

  private final McpJsonMapper json;
  private final Inbound in;
  private final OutputStream out;
  private final ExecutorService reader = Executors.newSingleThreadExecutor(daemon("stdio-reader"));
  private final ExecutorService writer = Executors.newSingleThreadExecutor(daemon("stdio-writer"));
  private final Object queueLock = new Object();
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private boolean writing;
  private volatile boolean closing;
  private volatile McpServerSession session;

  /**
   * @param in the client's messages, asked for on this transport's reader thread
   * @param out where messages go; every write is made while holding its monitor, so other writers
   *     that do the same never interleave with a message
   */
  StdioTransport(McpJsonMapper json, Inbound in, OutputStream out) {
    this.json = json;
    this.in = in;
    this.out = out;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory sessionFactory) {
    SessionTransport transport = new SessionTransport();
    session = sessionFactory.create(transport);
    transport.start();
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    McpServerSession current = session;
    if (current == null) {
      return Mono.error(new IllegalStateException("No session to notify"));
    }
    return current.sendNotification(method, params)
        .doOnError(e -> log.error("Failed to send notification: {}", e.getMessage()));
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return Mono.defer(() -> {
      McpServerSession current = session;
      if (current == null) {
        return Mono.error(new IllegalStateException("No session to notify"));
      }
      if (!current.getId().equals(sessionId)) {
        return Mono.error(new IllegalStateException("No stdio session " + sessionId));
      }
      return current.sendNotification(method, params);
    });
  }

  @Override
  public Mono<Void> closeGracefully() {
    McpServerSession current = session;
    return current == null ? Mono.empty() : current.closeGracefully();
  }

  /** Writes the message now if this thread may block and no other write is pending; else queues it. */
  private void send(byte[] line) {
    boolean direct;
    synchronized (queueLock) {
      if (closing) {
        return;
      }
      direct = !writing && !Schedulers.isInNonBlockingThread();
      if (!direct) {
        queue.add(line);
        if (writing) {
          return;
        }
      }
      writing = true;
    }
    if (direct) {
      writeAndDrain(line);
    } else {
      writer.execute(() -> writeAndDrain(null));
    }
  }

  /** Writes {@code first} (if any), then whatever was queued meanwhile, until the queue is empty. */
  private void writeAndDrain(byte[] first) {
    byte[] next = first;
    while (true) {
      if (next != null) {
        write(next);
      }
      synchronized (queueLock) {
        next = closing ? null : queue.poll();
        if (next == null) {
          queue.clear();
          writing = false;
          return;
        }
      }
    }
  }

  private void write(byte[] line) {
    try {
      synchronized (out) {
        out.write(line, 0, line.length);
        out.flush();
      }
    } catch (IOException e) {
      if (!closing) {
        log.error("Error writing message", e);
        stop();
      } else {
        log.debug("Stream closed during shutdown", e);
      }
    }
  }

  /** From here on nothing is read or written. */
  private void stop() {
    closing = true;
    writer.shutdown();
  }

  private byte[] serialize(JSONRPCMessage message) throws IOException {
    String text = json.writeValueAsString(message);
    // One message per line, as the SDK's transport writes them.
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The session's side: what it sends goes through {@link #send}. */
  private final class SessionTransport implements McpServerTransport {

    private final Sinks.Many<JSONRPCMessage> inbound = Sinks.many().unicast().onBackpressureBuffer();

    void start() {
      // As the SDK's transport: each message is handed to the session on the reader's thread.
      inbound.asFlux().flatMap(message -> session.handle(message)).doOnTerminate(StdioTransport.this::stop).subscribe();
      reader.execute(this::readLoop);
    }

    private void readLoop() {
      try {
        while (!closing) {
          JSONRPCMessage message = in.next();
          if (message == null || !inbound.tryEmitNext(message).isSuccess()) {
            break;
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!closing) {
          log.error("Error reading from stdin", e);
        }
      } finally {
        closing = true;
        McpServerSession current = session;
        if (current != null) {
          current.close();
        }
        inbound.tryEmitComplete();
        reader.shutdown();
      }
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      return Mono.fromCallable(() -> serialize(message)).doOnNext(StdioTransport.this::send).then();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return json.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(() -> {
        closing = true;
        inbound.tryEmitComplete();
      });
    }

    @Override
    public void close() {
      closing = true;
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
