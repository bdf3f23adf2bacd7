package dev.calendlymcp.cli;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * One-time set-ups inside the JDK and the libraries that the first answer would otherwise wait for
 * on the main or reader thread, made on a thread of their own while the main thread builds the
 * server. Each is a fixed cost that no start-up archive removes (docs/startup.md); on a machine with
 * a second core they overlap with the rest of the start instead of adding to it. Nothing here may
 * stop or slow the start: a failure is ignored, and the thread is a daemon.
 */
final class StartupWarmUp {

  private static final String THREAD = "calendly-mcp-warm-up";

  private StartupWarmUp() {}

  static void start() {
    beside(THREAD, StartupWarmUp::run);
  }

  /** Runs {@code task} on a daemon thread of its own: start-up work must never keep the JVM alive. */
  static void beside(String threadName, Runnable task) {
    Thread thread = new Thread(task, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    try {
      // Reactor looks for Micrometer's context-propagation library with Class.forName the first time
      // anything blocks on a Mono; not finding it among the archived classes, the class loader opens
      // and indexes the jar (thousands of entries), 10-30 ms.
      Class.forName("reactor.core.publisher.ContextPropagationSupport", true, StartupWarmUp.class.getClassLoader());
      // The SDK names the session with UUID.randomUUID(): SecureRandom's set-up (security providers,
      // the native generator) costs 10-20 ms the first time.
      UUID.randomUUID();
      // From JDK 21, BigDecimal's static set-up computes 5^(2^16), about 25 ms before the JIT can help;
      // Jackson's parser needs BigDecimal for its first line.
      Objects.requireNonNull(BigDecimal.ONE);
    } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
      // Only an earlier start was at stake; whatever failed here will happen again where it is needed.
    }
  }
}
