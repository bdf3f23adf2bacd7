package dev.calendlymcp.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class StderrLoggingProviderTest {

  @Test
  void theProviderConfiguresLogbackAsItsServiceFileWouldWithoutLookingAnythingUp() {
    StderrLoggingProvider provider = new StderrLoggingProvider();
    provider.initialize();

    assertThat(provider.getLoggerFactory()).isInstanceOfSatisfying(LoggerContext.class, context -> {
      assertThat(context.isStarted()).isTrue();
      assertThat(context.getMDCAdapter()).isSameAs(provider.getMDCAdapter());
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(
          ConsoleAppender.class, appender -> assertThat(appender.getTarget()).isEqualTo("System.err"));
      assertThat(root.iteratorForAppenders()).toIterable().hasSize(1);
      assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    });
    assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
    assertThat(provider.getRequestedApiVersion()).isEqualTo(LogbackServiceProvider.REQUESTED_API_VERSION);
  }

  @Test
  void selectingTheProviderKeepsOneChosenOnTheCommandLine() {
    String provider = System.getProperty(StderrLoggingProvider.PROVIDER_PROPERTY);
    String verbosity = System.getProperty(StderrLoggingProvider.VERBOSITY_PROPERTY);
    try {
      System.setProperty(StderrLoggingProvider.PROVIDER_PROPERTY, "org.example.Chosen");
      System.clearProperty(StderrLoggingProvider.VERBOSITY_PROPERTY);
      StderrLoggingProvider.select();
      assertThat(System.getProperty(StderrLoggingProvider.PROVIDER_PROPERTY)).isEqualTo("org.example.Chosen");
      assertThat(System.getProperty(StderrLoggingProvider.VERBOSITY_PROPERTY)).isNull();

      System.clearProperty(StderrLoggingProvider.PROVIDER_PROPERTY);
      StderrLoggingProvider.select();
      assertThat(System.getProperty(StderrLoggingProvider.PROVIDER_PROPERTY))
          .isEqualTo(StderrLoggingProvider.class.getName());
      assertThat(System.getProperty(StderrLoggingProvider.VERBOSITY_PROPERTY)).isEqualTo("WARN");
    } finally {
      restore(StderrLoggingProvider.PROVIDER_PROPERTY, provider);
      restore(StderrLoggingProvider.VERBOSITY_PROPERTY, verbosity);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
