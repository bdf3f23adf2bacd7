package dev.calendlymcp.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StderrLayoutTest {

  /** The pattern the server logged with before it had a layout of its own. */
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

  private final LoggerContext context = new LoggerContext();

  @Test
  void linesAreThoseOfThePatternTheServerUsedToLogWith() {
    Instant time = Instant.parse("2026-12-07T09:05:03.007Z");
    for (Level level : new Level[] {Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE}) {
      assertSameLine(event("dev.calendlymcp.server.StdioServer", level, time, "Started {} tools", 11, null));
    }
    assertSameLine(event("a.b", Level.INFO, Instant.parse("2026-12-07T23:59:59.999Z"), "short logger", null, null));
    assertSameLine(event("io.modelcontextprotocol.server.McpAsyncServer", Level.WARN, time, "x", null, null));
  }

  @Test
  void anExceptionIsFollowedByItsStackTraceLikePatternLayoutDoes() {
    IllegalStateException thrown = new IllegalStateException("outer", new UncheckedIOException(new IOException("disk")));
    assertSameLine(event("dev.calendlymcp.audit.JsonLinesAuditLog", Level.ERROR, Instant.now(), "Cannot write", null, thrown));
  }

  @Test
  void theServersLogbackWritesWithThisLayoutNotPatternLayout() {
    LoggerContext server = (LoggerContext) LoggerFactory.getILoggerFactory();
    ConsoleAppender<?> stderr = (ConsoleAppender<?>) server.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");

    assertThat(stderr.getEncoder()).isInstanceOfSatisfying(
        LayoutWrappingEncoder.class, encoder -> assertThat(encoder.getLayout()).isInstanceOf(StderrLayout.class));
  }

  private void assertSameLine(ILoggingEvent event) {
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern(PATTERN);
    pattern.start();
    StderrLayout ours = new StderrLayout();
    ours.setContext(context);
    ours.start();

    assertThat(ours.doLayout(event)).isEqualTo(pattern.doLayout(event));
  }

  private ILoggingEvent event(String logger, Level level, Instant time, String message, Object argument, Throwable thrown) {
    LoggingEvent event = new LoggingEvent(
        Logger.class.getName(), context.getLogger(logger), level, message, thrown,
        argument == null ? null : new Object[] {argument});
    event.setTimeStamp(time.toEpochMilli());
    return event;
  }
}
