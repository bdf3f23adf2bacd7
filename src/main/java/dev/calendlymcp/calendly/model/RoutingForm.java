package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A routing form: questions a visitor answers before Calendly routes them to an event type, an
 * external URL or a message.
 *
 * @param status {@code published} or {@code draft}
 * @param questions the form's questions, in order (deleted ones left out)
 */
public record RoutingForm(
    URI uri,
    URI organization,
    String name,
    String status,
    List<Question> questions,
    Instant createdAt,
    Instant updatedAt) {

  public RoutingForm {
    questions = questions == null ? List.of() : List.copyOf(questions);
  }

  /**
   * One question of the form.
   *
   * @param type e.g. {@code text}, {@code phone}, {@code select}, {@code radios}
   * @param answerChoices the choices of a select or radio question; empty otherwise
   */
  public record Question(String uuid, String name, String type, Boolean required, List<String> answerChoices) {
    public Question {
      answerChoices = answerChoices == null ? List.of() : List.copyOf(answerChoices);
    }
  }
}
