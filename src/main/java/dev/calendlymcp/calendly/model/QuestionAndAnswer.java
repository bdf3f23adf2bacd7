package dev.calendlymcp.calendly.model;

/**
 * An invitee's answer to one of the event type's custom questions; read from invitees and sent
 * when booking.
 *
 * @param question the question text, exactly as the event type asks it
 * @param answer the answer; for a multi-select question the choices separated by newlines
 * @param position the question's position on the booking form, from 0
 */
public record QuestionAndAnswer(String question, String answer, Integer position) {}
