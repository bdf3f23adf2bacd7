package dev.calendlymcp.ratelimit;

/** Waits written for people: "42 s", "1 min 5 s", "7 h 12 min". */
public final class Durations {

  private Durations() {}

  /** Rounded up to the second (and, above an hour, to the minute): a wait is never understated. */
  public static String describe(long millis) {
    long seconds = Math.max(0, Math.floorDiv(millis + 999, 1000));
    if (seconds >= 3600) {
      long minutes = (seconds + 59) / 60;
      long hours = minutes / 60;
      long rest = minutes % 60;
      return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
    }
    if (seconds >= 60) {
      long rest = seconds % 60;
      return rest == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + rest + " s";
    }
    return seconds + " s";
  }
}
