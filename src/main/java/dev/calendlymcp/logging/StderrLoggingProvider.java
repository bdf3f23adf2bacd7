package dev.calendlymcp.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's binding to logback, configured by {@link StderrLogging} directly. Logback's own provider
 * finds its configurator with a service lookup and SLF4J finds the provider with another: each
 * scans the class path, which opens the jar (a central directory of thousands of entries read by
 * the interpreter) and then reads version files and formats a status report, all before the first
 * answer of every stdio start (docs/startup.md). {@link #select()} names this class in SLF4J's
 * {@code slf4j.provider} property, which SLF4J loads without a lookup; other entry points (tests)
 * keep logback's provider, which finds the same configuration through its service file.
 */
public final class StderrLoggingProvider implements SLF4JServiceProvider {

  static final String PROVIDER_PROPERTY = "slf4j.provider";

  /** Otherwise SLF4J reports on stderr that it loaded the provider named by the property. */
  static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

  private final LoggerContext context = new LoggerContext();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

  /**
   * Makes this class SLF4J's provider, unless one was chosen on the command line. Call before
   * anything logs: SLF4J binds once, at its first logger.
   */
  public static void select() {
    if (System.getProperty(PROVIDER_PROPERTY) == null) {
      System.setProperty(PROVIDER_PROPERTY, StderrLoggingProvider.class.getName());
      if (System.getProperty(VERBOSITY_PROPERTY) == null) {
        System.setProperty(VERBOSITY_PROPERTY, "WARN");
      }
    }
  }

  @Override
  public void initialize() {
    context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
    context.setMDCAdapter(mdc);
    StderrLogging configurator = new StderrLogging();
    configurator.setContext(context);
    configurator.configure(context);
    context.start();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return context;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return LogbackServiceProvider.REQUESTED_API_VERSION;
  }
}
