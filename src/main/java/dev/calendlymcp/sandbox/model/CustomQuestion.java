package dev.calendlymcp.sandbox.model;

import java.util.List;

/**
 * A question an invitee answers when booking.
 *
 * @param name the question text
 * @param type {@code string}, {@code text}, {@code phone_number}, {@code single_select} or {@code
 *     multi_select}
 * @param position display order, from 0
 * @param enabled whether it is asked
 * @param required whether an answer is needed to book
 * @param answerChoices choices for select questions, else empty
 * @param includeOther whether select questions accept a free answer
 */
public record CustomQuestion(
    String name,
    String type,
    int position,
    boolean enabled,
    boolean required,
    List<String> answerChoices,
    boolean includeOther) {

  public CustomQuestion {
    answerChoices = List.copyOf(answerChoices);
  }
}
