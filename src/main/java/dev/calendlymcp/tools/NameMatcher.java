package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.model.EventType;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds what a model meant by a name: an event type by its name or slug ("30 min", "consultation",
 * "30-minute-meeting", "30 Minut Meeting"), a member by name or email ("Ana", "ana lopez"). Tiers are
 * tried in order and the first tier with any match decides, so an exact name never loses to a
 * looser reading: exact name, then every word of the query inside the names, then names within a
 * couple of typos. A tier with several matches is ambiguous: the model gets the candidates rather
 * than a guess.
 */
final class NameMatcher {

  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^\\p{Alnum}]+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  /** What a name matched: one item, several, or none. */
  sealed interface Match<T> permits Found, Ambiguous, NoMatch {}

  /** Exactly one item fits. */
  record Found<T>(T item) implements Match<T> {}

  /** Several fit equally well; the caller must pick. */
  record Ambiguous<T>(List<T> candidates) implements Match<T> {
    Ambiguous {
      candidates = List.copyOf(candidates);
    }
  }

  /** Nothing fits. */
  record NoMatch<T>() implements Match<T> {}

  private NameMatcher() {}

  /** An event type by its name or slug. */
  static Match<EventType> eventType(String query, List<EventType> eventTypes) {
    return match(query, eventTypes, type -> Arrays.asList(type.name(), type.slug()));
  }

  /**
   * @param names the names each item goes by (null entries are skipped)
   */
  static <T> Match<T> match(String query, List<T> items, Function<T, List<String>> names) {
    String compactQuery = compact(query);
    if (compactQuery.isEmpty()) {
      return new NoMatch<>();
    }
    List<String> words = words(query);
    List<Predicate<T>> tiers =
        List.of(
            item -> names.apply(item).stream().anyMatch(name -> compactQuery.equals(compact(name))),
            item -> {
              String haystack = String.join(" ", names.apply(item).stream().map(NameMatcher::normalize).toList());
              return words.stream().allMatch(haystack::contains);
            },
            item -> names.apply(item).stream().anyMatch(name -> closeEnough(compactQuery, compact(name))));
    for (Predicate<T> tier : tiers) {
      List<T> hits = new ArrayList<>();
      for (T item : items) {
        if (tier.test(item)) {
          hits.add(item);
        }
      }
      if (hits.size() == 1) {
        return new Found<>(hits.get(0));
      }
      if (hits.size() > 1) {
        return new Ambiguous<>(hits);
      }
    }
    return new NoMatch<>();
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
