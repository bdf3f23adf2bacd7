package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.model.EventType;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds the event type a model meant by a name or slug ("30 min", "consultation",
 * "30-minute-meeting", "30 Minut Meeting"). Tiers are tried in order and the first tier with any
 * match decides, so an exact name never loses to a looser reading: exact name or slug, then every
 * word of the query inside the name or slug, then names within a couple of typos. A tier with
 * several matches is ambiguous: the model gets the candidates rather than a guess.
 */
final class EventTypeMatcher {

  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^\\p{Alnum}]+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  /** What a name matched: one event type, several, or none. */
  sealed interface Match permits Found, Ambiguous, NoMatch {}

  /** Exactly one event type fits. */
  record Found(EventType eventType) implements Match {}

  /** Several fit equally well; the caller must pick. */
  record Ambiguous(List<EventType> candidates) implements Match {
    Ambiguous {
      candidates = List.copyOf(candidates);
    }
  }

  /** Nothing fits. */
  record NoMatch() implements Match {}

  private EventTypeMatcher() {}

  static Match match(String query, List<EventType> eventTypes) {
    String compactQuery = compact(query);
    if (compactQuery.isEmpty()) {
      return new NoMatch();
    }
    List<String> words = words(query);
    List<Predicate<EventType>> tiers =
        List.of(
            type -> compactQuery.equals(compact(type.name())) || compactQuery.equals(compact(type.slug())),
            type -> {
              String haystack = normalize(type.name()) + " " + normalize(type.slug());
              return words.stream().allMatch(haystack::contains);
            },
            type -> closeEnough(compactQuery, compact(type.name())) || closeEnough(compactQuery, compact(type.slug())));
    for (Predicate<EventType> tier : tiers) {
      List<EventType> hits = new ArrayList<>();
      for (EventType type : eventTypes) {
        if (tier.test(type)) {
          hits.add(type);
        }
      }
      if (hits.size() == 1) {
        return new Found(hits.get(0));
      }
      if (hits.size() > 1) {
        return new Ambiguous(hits);
      }
    }
    return new NoMatch();
  }

  /** Lower case, accents dropped, runs of anything but letters and digits as one space. */
  static String normalize(String text) {
    if (text == null) {
      return "";
    }
    String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
    return NOT_ALPHANUMERIC.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

  static List<String> words(String text) {
    String normalized = normalize(text);
    return normalized.isEmpty() ? List.of() : Arrays.asList(normalized.split(" "));
  }

  private static String compact(String text) {
    return normalize(text).replace(" ", "");
  }

  /** About one typo per five letters, at most two: "30minutmeeting" for "30minutemeeting". */
  private static boolean closeEnough(String query, String candidate) {
    if (candidate.isEmpty()) {
      return false;
    }
    int allowed = Math.min(2, Math.max(1, query.length() / 5));
    return Math.abs(query.length() - candidate.length()) <= allowed && distance(query, candidate) <= allowed;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
