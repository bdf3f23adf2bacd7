package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.util.List;

/**
 * A question an event type asks invitees when they book; answers come back on the invitee as
 * {@link QuestionAndAnswer}s and may be passed when booking through the API.
 *
 * @param name the question text
 * @param type the kind of answer expected
 * @param position display order, from 0
 * @param enabled whether the booking page shows it
 * @param required whether a booking needs an answer
 * @param answerChoices the options of a select question; empty otherwise
 * @param includeOther whether a select question also offers a free-text "Other"
 */
public record CustomQuestion(
    String name,
    Type type,
    Integer position,
    Boolean enabled,
    Boolean required,
    List<String> answerChoices,
    Boolean includeOther) {

  public CustomQuestion {
    answerChoices = answerChoices == null ? null : List.copyOf(answerChoices);
  }

  /** The answer format of a custom question. */
  public enum Type {
    STRING,
    TEXT,
    PHONE_NUMBER,
    SINGLE_SELECT,
    MULTI_SELECT,
    /** A question type Calendly added after this client was written. */
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
