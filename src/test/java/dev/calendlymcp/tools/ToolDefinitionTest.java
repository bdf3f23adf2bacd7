package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ToolDefinitionTest {

  private static ToolDefinition.Builder valid() {
    return ToolDefinition.builder("list_things")
        .title("List things")
        .description("List the things. Use it before naming one.")
        .toolset(Toolset.USERS)
        .hints(ToolHints.read())
        .input(Schema.object().optional("q", Schema.string().maxLength(50).description("Search text.")).closed())
        .output(Schema.object().required("things", Schema.array(Schema.string())))
        .handler((arguments, context) -> Mono.empty());
  }

  @Test
  void aToolThatFollowsTheRulesIsAccepted() {
    ToolDefinition tool = valid().build();

    assertThat(tool.name()).isEqualTo("list_things");
    assertThat(tool.inputSchema()).containsKeys("type", "properties", "additionalProperties");
  }

  @Test
  void schemasKeepTheirKeyOrder() {
    ToolDefinition tool = valid().build();

    assertThat(tool.inputSchema().keySet()).containsExactly("type", "properties", "additionalProperties");
    assertThat(tool.outputSchema().keySet()).containsExactly("type", "properties", "required");
  }

  @Test
  void aToolWithoutArgumentsGetsAClosedEmptyInputSchema() {
    ToolDefinition tool =
        ToolDefinition.builder("ping_me")
            .title("Ping")
            .description("Ping.")
            .toolset(Toolset.USERS)
            .hints(ToolHints.read())
            .output(Schema.object())
            .handler((arguments, context) -> Mono.empty())
            .build();

    assertThat(tool.inputSchema()).containsEntry("additionalProperties", false);
  }

  @Test
  void aNameThatIsNotSnakeCaseIsRefused() {
    assertThatThrownBy(() -> ToolDefinition.builder("ListThings").title("x").description("x.")
            .toolset(Toolset.USERS).hints(ToolHints.read()).output(Schema.object())
            .handler((a, c) -> Mono.empty()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snake_case");
  }

  @Test
  void aDescriptionOfMoreThanThreeSentencesIsRefused() {
    assertThatThrownBy(() -> valid().description("One. Two. Three. Four.").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 sentences");
  }

  @Test
  void abbreviationsAndUrisDoNotCountAsSentenceEnds() {
    assertThat(ToolDefinition.sentences("Use e.g. the URI https://api.calendly.com/users/me. Then book.")).isEqualTo(2);
    assertThat(ToolDefinition.sentences("No full stop at the end")).isEqualTo(1);
  }

  @Test
  void theFirstSentenceDoesNotEndAtAnAbbreviation() {
    assertThat(ToolDefinition.firstSentence("Bookable event types (e.g. 30 Minute Meeting) with URI. Yours or a user's."))
        .isEqualTo("Bookable event types (e.g. 30 Minute Meeting) with URI.");
    assertThat(ToolDefinition.firstSentence("No full stop at the end")).isEqualTo("No full stop at the end");
  }

  @Test
  void anUnboundedStringArgumentIsRefused() {
    assertThatThrownBy(
            () -> valid().input(Schema.object().required("q", Schema.string().description("Text.")).closed()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("string argument q has no maxLength");
  }

  @Test
  void aDateTimeOrEmailArgumentIsBoundedByItsFormat() {
    ToolDefinition tool = valid().input(Schema.object()
        .required("at", Schema.string().format(Schema.DATE_TIME).description("When."))
        .optional("email", Schema.string().format(Schema.EMAIL).description("Who."))
        .closed()).build();

    assertThat(tool.inputSchema()).asString().doesNotContain("maxLength");
    assertThatThrownBy(
            () -> valid().input(Schema.object().required("u", Schema.string().format(Schema.URI).description("A page."))
                .closed()).build())
        .hasMessageContaining("string argument u has no maxLength");
  }

  @Test
  void anUndocumentedArgumentIsRefused() {
    assertThatThrownBy(() -> valid().input(Schema.object().required("n", Schema.integer()).closed()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argument n has no description");
  }

  @Test
  void anUnboundedArrayArgumentIsRefused() {
    assertThatThrownBy(
            () -> valid()
                .input(Schema.object()
                    .required("xs", Schema.array(Schema.string().maxLength(5)).description("Xs."))
                    .closed())
                .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("array argument xs has no maxItems");
  }

  @Test
  void anOpenInputObjectIsRefusedSoMisspeltArgumentsCannotPassSilently() {
    assertThatThrownBy(() -> valid().input(Schema.object()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("closed object");
  }

  @Test
  void aToolWithoutAnOutputSchemaIsRefused() {
    assertThatThrownBy(() -> ToolDefinition.builder("no_output").title("x").description("x.")
            .toolset(Toolset.USERS).hints(ToolHints.read()).handler((a, c) -> Mono.empty()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output schema");
  }

  @Test
  void aReadOnlyToolCannotBeDestructive() {
    assertThatThrownBy(() -> new ToolHints(true, true, true, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
