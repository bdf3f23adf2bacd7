package dev.calendlymcp.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StderrLoggingTest {

  @Test
  void logbackIsConfiguredInCodeToWriteOnlyToStderr() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);

    assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(
        ConsoleAppender.class, appender -> assertThat(appender.getTarget()).isEqualTo("System.err"));
    assertThat(root.iteratorForAppenders()).toIterable().hasSize(1);
    assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void theRootLevelComesFromTheEnvironmentWithInfoAsDefault() {
    assertThat(StderrLogging.rootLevel(null)).isEqualTo(Level.INFO);
    assertThat(StderrLogging.rootLevel(" debug ")).isEqualTo(Level.DEBUG);
    assertThat(StderrLogging.rootLevel("nonsense")).isEqualTo(Level.INFO);
  }

  @Test
  void theSdkServersLinePerSessionIsHiddenUnlessDebugging() {
    assertThat(StderrLogging.sdkServerLevel(Level.INFO)).isEqualTo(Level.WARN);
    assertThat(StderrLogging.sdkServerLevel(Level.WARN)).isEqualTo(Level.WARN);
    assertThat(StderrLogging.sdkServerLevel(Level.ERROR)).isEqualTo(Level.ERROR);
    assertThat(StderrLogging.sdkServerLevel(Level.DEBUG)).isEqualTo(Level.DEBUG);
  }
}
