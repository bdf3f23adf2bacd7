package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class MonotonicProgressTest {

  @Test
  void rateLimitNoticesBetweenAToolsReportsNeverMakeProgressGoBackwards() {
    List<Double> sent = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    ToolInvoker.MonotonicProgress progress =
        new ToolInvoker.MonotonicProgress((value, total, message) -> {
          sent.add(value);
          messages.add(message);
          return Mono.empty();
        });

    progress.report(1, 5.0, "1 of 5 windows searched").block();
    progress.nudge("waiting 12 s for Calendly's rate limit").block();
    progress.report(1, 5.0, "still 1 of 5").block();
    progress.report(2, 5.0, "2 of 5 windows searched").block();

    assertThat(sent).isSortedAccordingTo(Double::compare).doesNotHaveDuplicates();
    assertThat(sent.get(3)).isEqualTo(2.0);
    assertThat(messages).contains("waiting 12 s for Calendly's rate limit");
  }
}
