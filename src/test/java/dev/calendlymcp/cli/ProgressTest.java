package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

class ProgressTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

  private String err() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aStepLongerThanASecondShowsWhatItWaitsForAndForHowLongThenClearsTheLine() {
    Progress progress = Progress.start(err, "Waiting for Calendly", true, time);

    time.advanceTimeBy(Duration.ofMillis(999));
    assertThat(err()).isEmpty();
    time.advanceTimeBy(Duration.ofSeconds(2));
    assertThat(err()).isEqualTo("\r\033[KWaiting for Calendly… 1 s\r\033[KWaiting for Calendly… 2 s");

    progress.close();
    time.advanceTimeBy(Duration.ofSeconds(5));
    assertThat(err()).endsWith("2 s\r\033[K");
  }

  @Test
  void aQuickStepShowsNothing() {
    Progress progress = Progress.start(err, "Waiting for Calendly", true, time);
    time.advanceTimeBy(Duration.ofMillis(500));

    progress.close();
    time.advanceTimeBy(Duration.ofSeconds(5));

    assertThat(err()).isEmpty();
  }

  @Test
  void withoutATerminalNothingIsEverWritten() {
    Progress progress = Progress.start(err, "Waiting for Calendly", false, time);
    time.advanceTimeBy(Duration.ofSeconds(5));

    progress.close();

    assertThat(err()).isEmpty();
  }
}
