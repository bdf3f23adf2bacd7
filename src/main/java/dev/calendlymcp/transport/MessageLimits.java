package dev.calendlymcp.transport;

/**
 * How long the strings of a JSON-RPC message that the server sends back or keeps may be. Without
 * them an agent could send a 3 MB id (or tool name, or progress token) that every answer echoes
 * and the replay history holds.
 *
 * @param maxIdLength longest string id, and longest string progress token, in characters
 * @param maxMethodLength longest method name
 * @param maxToolNameLength longest tool name in {@code tools/call} (MCP asks for 1 to 128 characters)
 */
public record MessageLimits(int maxIdLength, int maxMethodLength, int maxToolNameLength) {

  /** Far above any id, method or tool name a real client uses. */
  public static final MessageLimits DEFAULTS = new MessageLimits(256, 128, 128);

  public MessageLimits {
    if (maxIdLength < 1 || maxMethodLength < 1 || maxToolNameLength < 1) {
      throw new IllegalArgumentException("message limits must be positive");
    }
  }
}
