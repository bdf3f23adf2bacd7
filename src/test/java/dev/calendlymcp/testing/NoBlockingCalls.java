package dev.calendlymcp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Fails a test if anything blocked a thread that must not block (Netty's event loops, Reactor's
 * parallel and single schedulers) while it ran. BlockHound throws into the blocking call, and the
 * code under test may swallow that (an error answer, a retry), so each call is also recorded here
 * with where it happened.
 *
 * <p>BlockHound stays installed for the life of the JVM; classes using this extension are named
 * {@code *NonBlockingTest} and run in JVMs of their own (see the pom's surefire executions).
 */
public final class NoBlockingCalls implements BeforeAllCallback, AfterEachCallback {

  private static final List<String> FOUND = new CopyOnWriteArrayList<>();
  private static volatile boolean installed;

  @Override
  public void beforeAll(ExtensionContext context) {
    Assumptions.assumeTrue(installed || !reactorThreadsRunning(),
        "BlockHound must be installed before Reactor starts its threads, and other tests in this JVM"
            + " started them: run *NonBlockingTest classes on their own (mvn verify does).");
    install();
  }

  /**
   * Threads already waiting inside an allowed method when BlockHound arrives are not known to be
   * allowed, so an idle scheduler thread would be reported (and killed) as blocking.
   */
  private static boolean reactorThreadsRunning() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.getName().startsWith("parallel-") || thread.getName().startsWith("reactor-http-"));
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    BlockHound.install(builder -> builder
        // NativePRNG reads /dev/urandom, which never waits once the kernel's pool is seeded at
        // boot; every token and id we make comes from it.
        .allowBlockingCallsInside("java.security.SecureRandom", "nextBytes")
        .blockingMethodCallback(method -> {
          BlockingOperationError error = new BlockingOperationError(method);
          StringWriter trace = new StringWriter();
          error.printStackTrace(new PrintWriter(trace));
          FOUND.add(Thread.currentThread().getName() + ": " + trace);
          throw error;
        }));
    installed = true;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> found = List.copyOf(FOUND);
    FOUND.clear();
    assertThat(found).as("blocking calls on non-blocking threads").isEmpty();
  }
}
