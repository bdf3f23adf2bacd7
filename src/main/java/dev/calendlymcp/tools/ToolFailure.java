package dev.calendlymcp.tools;

/**
 * A failure a tool explains itself, because only the tool knows the next step: the slot was taken
 * meanwhile, the meeting is already canceled, webhooks need a paid plan (see {@link
 * ToolErrors#refused}). The message is the whole text of the {@code isError} result, so it must name the problem
 * and what to do next, and never carry a secret.
 */
public final class ToolFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ToolFailure(String message) {
    super(message, null, false, false);
  }

  /** Keeps the Calendly failure behind this one for the log; its text is already in the message. */
  public ToolFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
