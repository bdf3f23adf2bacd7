package dev.calendlymcp.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * Logback's configuration, in code: every line to stderr (stdout carries the MCP stdio protocol),
 * root level from {@code CALENDLY_MCP_LOG_LEVEL} (default INFO), Netty, the SDK's client and the
 * SDK server's per-session lines quiet.
 * In code rather than logback.xml because parsing the XML cost about 100 ms of every start-up,
 * and start-up is what an MCP client waits for; with a layout of its own rather than
 * PatternLayout for the same reason ({@link StderrLayout}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class StderrLogging extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    StderrLayout layout = new StderrLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();

    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Level level = rootLevel(System.getenv("CALENDLY_MCP_LOG_LEVEL"));
    root.setLevel(level);
    root.addAppender(stderr);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("reactor.netty").setLevel(Level.WARN);
    // Only the demo runs the SDK's client; its start and stop chatter (with the server's whole
    // instructions) would bury the conversation the demo prints.
    context.getLogger("io.modelcontextprotocol.client").setLevel(Level.WARN);
    context.getLogger(SDK_SERVER).setLevel(sdkServerLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The SDK's server logs every client's initialize request at INFO. */
  static final String SDK_SERVER = "io.modelcontextprotocol.server.McpAsyncServer";

  /**
   * A line per new session is a thousand lines for a thousand agents over HTTP, and says nothing an
   * operator acts on; the transport logs sessions at DEBUG, so the SDK's lines come back with it.
   */
  static Level sdkServerLevel(Level root) {
    return Level.INFO.equals(root) ? Level.WARN : root;
  }

  static Level rootLevel(String configured) {
    if (configured == null || configured.isBlank()) {
      return Level.INFO;
    }
    return Level.toLevel(configured.strip().toUpperCase(Locale.ROOT), Level.INFO);
  }
}
