package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.model.EventType;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameMatcherTest {

  private static EventType type(String name, String slug) {
    return new EventType(URI.create("https://api.calendly.com/event_types/" + slug), name, true, null, slug, null,
        30, null, EventType.Kind.SOLO, null, "StandardEventType", null, null, null, null, null, null, null, false,
        null, false, 0, "en", null, null, null, null, null);
  }

  private static final EventType MEETING = type("30 Minute Meeting", "30min");
  private static final EventType MEETING_LONG = type("30 Minute Meeting (extended)", "30min-extended");
  private static final EventType CONSULTATION = type("Beratung für Unternehmen", "beratung");
  private static final EventType INTRO = type("15 Minute Intro", "intro");
  private static final List<EventType> ALL = List.of(MEETING, MEETING_LONG, CONSULTATION, INTRO);

  private static NameMatcher.Match<EventType> match(String query) {
    return NameMatcher.eventType(query, ALL);
  }

  @Test
  void anExactNameWinsOverNamesThatMerelyContainIt() {
    assertThat(match("30 minute meeting")).isEqualTo(new NameMatcher.Found<>(MEETING));
    assertThat(match("30min")).isEqualTo(new NameMatcher.Found<>(MEETING));
  }

  @Test
  void everyWordOfTheQueryMustAppear() {
    assertThat(match("extended meeting")).isEqualTo(new NameMatcher.Found<>(MEETING_LONG));
    assertThat(match("intro")).isEqualTo(new NameMatcher.Found<>(INTRO));
  }

  @Test
  void accentsAndPunctuationAreIgnored() {
    assertThat(match("beratung fur unternehmen")).isEqualTo(new NameMatcher.Found<>(CONSULTATION));
    assertThat(match("Beratung-für-Unternehmen!")).isEqualTo(new NameMatcher.Found<>(CONSULTATION));
  }

  @Test
  void aCoupleOfTyposAreForgivenButNotMore() {
    assertThat(match("15 Minut Intro")).isEqualTo(new NameMatcher.Found<>(INTRO));
    assertThat(match("15 Mnute Intr")).isEqualTo(new NameMatcher.Found<>(INTRO));
    assertThat(match("25 Mnte Intr")).isEqualTo(new NameMatcher.NoMatch<>());
  }

  @Test
  void severalEquallyGoodMatchesAreAmbiguous() {
    assertThat(match("minute")).isEqualTo(new NameMatcher.Ambiguous<>(List.of(MEETING, MEETING_LONG, INTRO)));
    assertThat(match("30 meeting")).isEqualTo(new NameMatcher.Ambiguous<>(List.of(MEETING, MEETING_LONG)));
  }

  @Test
  void nothingMatchesAnEmptyOrUnrelatedQuery() {
    assertThat(match("  --  ")).isEqualTo(new NameMatcher.NoMatch<>());
    assertThat(match("yoga")).isEqualTo(new NameMatcher.NoMatch<>());
    assertThat(NameMatcher.eventType("intro", List.of())).isEqualTo(new NameMatcher.NoMatch<>());
  }

  @Test
  void anItemMatchesByAnyOfItsNames() {
    record Person(String name, String email) {}
    Person ana = new Person("Ana López", "ana@acme.example");
    Person anne = new Person("Anne Smith", "asmith@acme.example");
    List<Person> people = List.of(ana, anne);

    assertThat(NameMatcher.match("ana lopez", people, p -> List.of(p.name(), p.email())))
        .isEqualTo(new NameMatcher.Found<>(ana));
    assertThat(NameMatcher.match("asmith@acme.example", people, p -> List.of(p.name(), p.email())))
        .isEqualTo(new NameMatcher.Found<>(anne));
    assertThat(NameMatcher.match("acme", people, p -> List.of(p.name(), p.email())))
        .isEqualTo(new NameMatcher.Ambiguous<>(people));
  }
}
