package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One visitor's answers to a routing form and where Calendly sent them.
 *
 * @param submitter the invitee the submission led to, or null when nobody booked
 * @param submitterType {@code Invitee} when {@code submitter} is set, else null
 * @param result where the visitor was routed
 */
public record RoutingFormSubmission(
    URI uri,
    URI routingForm,
    List<Answer> questionsAndAnswers,
    Tracking tracking,
    Result result,
    URI submitter,
    String submitterType,
    Instant createdAt,
    Instant updatedAt) {

  public RoutingFormSubmission {
    questionsAndAnswers = questionsAndAnswers == null ? List.of() : List.copyOf(questionsAndAnswers);
  }

  /** One answered question. */
  public record Answer(String questionUuid, String question, String answer) {}

  /**
   * The routing outcome.
   *
   * @param type {@code event_type}, {@code custom_message} or {@code external_url}
   * @param value an event type URI, a URL, or a {@code {headline, body}} message, by type
   */
  public record Result(String type, JsonNode value) {}
}
