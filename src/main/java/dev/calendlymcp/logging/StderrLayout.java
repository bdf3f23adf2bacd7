package dev.calendlymcp.logging;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The lines of {@code %d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n} (and the stack trace
 * PatternLayout adds for an exception), written without PatternLayout: its class initialisation
 * registers every converter logback has, about 130 classes and 70 lambdas loaded before the
 * first answer of every stdio start (docs/startup.md).
 */
final class StderrLayout extends LayoutBase<ILoggingEvent> {

  private static final int LOGGER_LENGTH = 20;

  private final TargetLengthBasedClassNameAbbreviator abbreviator =
      new TargetLengthBasedClassNameAbbreviator(LOGGER_LENGTH);
  // Looked up at the first line rather than at start: the zone's rules are read from the JDK's
  // time-zone database, and a stdio session usually logs nothing. Lines may be laid out on several
  // threads at once; each reads the field once, and at worst looks the zone up twice.
  private ZoneId zone;

  @Override
  public String doLayout(ILoggingEvent event) {
    ZoneId here = zone;
    if (here == null) {
      here = ZoneId.systemDefault();
      zone = here;
    }
    StringBuilder line = new StringBuilder(128);
    LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), here);
    twoDigits(line, time.getHour()).append(':');
    twoDigits(line, time.getMinute()).append(':');
    twoDigits(line, time.getSecond()).append('.');
    int millis = time.getNano() / 1_000_000;
    line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
    String level = event.getLevel().toString();
    line.append(' ').append(level);
    for (int pad = level.length(); pad < 5; pad++) {
      line.append(' ');
    }
    line.append(' ').append(abbreviator.abbreviate(event.getLoggerName()))
        .append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown));
    }
    return line.toString();
  }

  private static StringBuilder twoDigits(StringBuilder line, int value) {
    return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
