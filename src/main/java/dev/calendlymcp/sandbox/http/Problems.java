package dev.calendlymcp.sandbox.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every bad parameter of a request, so one 400 names them all instead of making the
 * client fix them one round trip at a time.
 */
public final class Problems {

  private final List<ErrorDetail> details = new ArrayList<>();

  /** Records that {@code parameter} is wrong. */
  public void add(String parameter, String message) {
    details.add(new ErrorDetail(parameter, message));
  }

  /** Whether {@code parameter} already has a problem. */
  public boolean has(String parameter) {
    return details.stream().anyMatch(d -> d.parameter().equals(parameter));
  }

  public boolean isEmpty() {
    return details.isEmpty();
  }

  /**
   * Ends validation.
   *
   * @throws ApiException 400 listing every problem, when there is one
   */
  public void throwIfAny() {
    if (!details.isEmpty()) {
      throw ApiException.invalid(details);
    }
  }
}
