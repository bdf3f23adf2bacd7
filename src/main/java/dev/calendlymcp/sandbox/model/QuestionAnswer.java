package dev.calendlymcp.sandbox.model;

/**
 * An invitee's answer to one of the event type's questions.
 *
 * @param question the question text
 * @param answer the answer
 * @param position the question's position
 */
public record QuestionAnswer(String question, String answer, int position) {}
