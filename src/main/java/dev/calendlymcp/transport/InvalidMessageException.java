package dev.calendlymcp.transport;

/** A POST body that is not one JSON-RPC message; the message says why, for the client. */
final class InvalidMessageException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int code;

  /** @param code the JSON-RPC error code to answer with (parse error or invalid request) */
  InvalidMessageException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
