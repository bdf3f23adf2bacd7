package dev.calendlymcp.transport;

import java.math.BigInteger;

/** JSON-RPC request ids compared as the protocol means them. */
public final class RequestIds {

  private RequestIds() {}

  /**
   * A key equal for equal ids: {@code 7} and {@code "7"} are different ids, and a number is the
   * same id whether it was read as an Integer, a Long or a BigInteger.
   */
  public static String key(Object id) {
    // The usual ids, without a BigInteger round trip (a tool call looks its id up four times).
    if (id instanceof Integer || id instanceof Long) {
      return "n:" + id;
    }
    if (id instanceof Number number) {
      try {
        return "n:" + new BigInteger(number.toString());
      } catch (NumberFormatException e) {
        // Not an integer, so not a valid request id; still a key that matches nothing else.
        return "x:" + number;
      }
    }
    return "s:" + id;
  }
}
