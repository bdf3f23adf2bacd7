package dev.calendlymcp.calendly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Shared pieces of the endpoint-group tests: Calendly's envelopes around bare fixture objects, and
 * the check that a bad argument fails the call before anything reaches the server.
 */
final class EndpointTestSupport {

  private EndpointTestSupport() {}

  /** {@code {"resource": …}} around one fixture object. */
  static String resource(String object) {
    return "{\"resource\": " + object + "}";
  }

  /** A collection page holding {@code objects}; {@code nextPageToken} null on the last page. */
  static String page(String nextPageToken, String... objects) {
    String token = nextPageToken == null ? "null" : "\"" + nextPageToken + "\"";
    String nextPage =
        nextPageToken == null ? "null" : "\"https://api.calendly.com/next?page_token=" + nextPageToken + "\"";
    return "{\"collection\": ["
        + String.join(",", objects)
        + "], \"pagination\": {\"count\": "
        + objects.length
        + ", \"next_page\": "
        + nextPage
        + ", \"previous_page\": null, \"next_page_token\": "
        + token
        + ", \"previous_page_token\": null}}";
  }

  /**
   * Subscribes to {@code call} and expects an {@link IllegalArgumentException} naming {@code
   * field}, with no request sent.
   */
  static void assertRejectedBeforeSending(Publisher<?> call, String field) {
    assertThatThrownBy(() -> Flux.from(call).blockLast())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field);
    assertThat(WireMockCalendlyTest.wm.getAllServeEvents()).isEmpty();
  }
}
