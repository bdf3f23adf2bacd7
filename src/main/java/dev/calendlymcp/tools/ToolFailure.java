package dev.calendlymcp.tools;

/**
 * A failure whose message is already the full text of the {@code isError} result: what went wrong
 * and the next step only the tool knows (e.g. that webhooks need a paid plan, or which other tool
 * to call instead). Built by {@link ToolErrors#refused}; the message must never hold a secret.
 */
public final class ToolFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ToolFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
