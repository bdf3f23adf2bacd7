package dev.calendlymcp.sandbox.faults;

import java.time.Duration;

/** A way the sandbox can misbehave on purpose. */
public sealed interface Fault permits Fault.Latency, Fault.Error, Fault.Drop, Fault.Malformed {

  /**
   * Answer late: a delay drawn uniformly from {@code [min, max]} (equal for a fixed delay).
   *
   * @param min shortest delay
   * @param max longest delay
   */
  record Latency(Duration min, Duration max) implements Fault {
    public Latency {
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("latency needs 0 <= min <= max");
      }
    }
  }

  /**
   * Answer with an error status instead of handling the request (nothing is changed).
   *
   * @param rate share of requests affected, 0 to 1
   * @param status the HTTP status, e.g. 500 or 503
   */
  record Error(double rate, int status) implements Fault {
    public Error {
      checkRate(rate);
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be a 4xx or 5xx, got " + status);
      }
    }
  }

  /**
   * Close the connection without answering (nothing is changed).
   *
   * @param rate share of requests affected, 0 to 1
   */
  record Drop(double rate) implements Fault {
    public Drop {
      checkRate(rate);
    }
  }

  /**
   * Handle the request, then answer 200 with the JSON body cut in half.
   *
   * @param rate share of requests affected, 0 to 1
   */
  record Malformed(double rate) implements Fault {
    public Malformed {
      checkRate(rate);
    }
  }

  private static void checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be between 0 and 1, got " + rate);
    }
  }
}
