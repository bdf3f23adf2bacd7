package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The replay history of one session, bounded by bytes for the session and for each stream. */
class SessionStreamsTest {

  private static final int SESSION_BYTES = 1000;
  private static final int STREAM_BYTES = 400;

  private final SessionStreams streams =
      new SessionStreams(new JacksonMcpJsonMapper(JsonMapper.builder().build()), 256, SESSION_BYTES, STREAM_BYTES, false);

  /** An event of exactly {@code bytes} bytes of data, tagged so the test can tell events apart. */
  private static String event(String tag, int bytes) {
    return tag + "x".repeat(bytes - tag.length());
  }

  /**
   * The tags of the events kept for {@code stream}, as a client that saw none of them gets them on
   * resuming; the stream must have ended, so that the replay is all there is.
   */
  private List<String> kept(EventStream stream) {
    return streams.resume(new EventId(stream.number, 0)).orElseThrow()
        .map(event -> event.data().substring(0, 2))
        .collectList()
        .block(Duration.ofSeconds(5));
  }

  @Test
  void aStreamOverItsShareDropsItsOwnOldestEventsAndNotTheOtherStreams() {
    EventStream a = streams.open().orElseThrow().stream();
    EventStream b = streams.open().orElseThrow().stream();
    streams.publish(b, event("b1", 150));
    streams.publish(a, event("a1", 150));
    streams.publish(a, event("a2", 150));
    streams.publish(a, event("a3", 150));
    a.close();
    b.close();

    assertThat(kept(a)).containsExactly("a2", "a3");
    assertThat(kept(b)).containsExactly("b1");
    assertThat(streams.historyBytes()).isEqualTo(450);
  }

  @Test
  void theSessionOverItsTotalDropsTheOldestEventsOfAnyStream() {
    EventStream[] all = new EventStream[4];
    for (int i = 0; i < all.length; i++) {
      all[i] = streams.open().orElseThrow().stream();
      streams.publish(all[i], event("s" + i, 300));
      all[i].close();
    }

    assertThat(streams.historyBytes()).isEqualTo(900);
    assertThat(kept(all[0])).isEmpty();
    assertThat(kept(all[3])).containsExactly("s3");
  }

  @Test
  void anEventLargerThanAStreamsShareIsSentButNotKept() {
    SessionStreams.Opened opened = streams.open().orElseThrow();
    EventStream stream = opened.stream();

    streams.publish(stream, event("big", STREAM_BYTES + 1));

    assertThat(opened.events().map(SseEvent::data).blockFirst(Duration.ofSeconds(5))).startsWith("big");
    assertThat(streams.historyBytes()).isZero();
    stream.close();
    assertThat(kept(stream)).isEmpty();
  }

  @Test
  void bytesAreCountedAsUtf8() {
    EventStream stream = streams.open().orElseThrow().stream();

    streams.publish(stream, "é€😀");

    assertThat(streams.historyBytes()).isEqualTo(2 + 3 + 4);
  }
}
