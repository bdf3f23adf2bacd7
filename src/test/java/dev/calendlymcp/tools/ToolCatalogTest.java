package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ToolCatalogTest {

  private static ToolDefinition tool(String name, Toolset toolset, ToolHints hints) {
    return ToolDefinition.builder(name)
        .title(name)
        .description("Does " + name + ".")
        .toolset(toolset)
        .hints(hints)
        .output(Schema.object())
        .handler((arguments, context) -> Mono.empty())
        .build();
  }

  private final List<ToolDefinition> all =
      List.of(
          tool("list_webhooks", Toolset.WEBHOOKS, ToolHints.read()),
          tool("whoami", Toolset.SCHEDULING, ToolHints.read()),
          tool("delete_webhook", Toolset.WEBHOOKS, ToolHints.write(true, true)),
          tool("book_meeting", Toolset.SCHEDULING, ToolHints.write(false, false)),
          tool("list_event_types", Toolset.SCHEDULING, ToolHints.read()));

  @Test
  void toolsAreListedByToolsetThenInDeclaredOrder() {
    ToolCatalog catalog = ToolCatalog.of(all, ToolOptions.everything());

    assertThat(catalog.tools())
        .extracting(ToolDefinition::name)
        .containsExactly("whoami", "book_meeting", "list_event_types", "list_webhooks", "delete_webhook");
  }

  @Test
  void onlyTheEnabledToolsetsAreOffered() {
    ToolCatalog catalog = ToolCatalog.of(all, ToolOptions.defaults());

    assertThat(catalog.tools()).extracting(ToolDefinition::name)
        .containsExactly("whoami", "book_meeting", "list_event_types");
    assertThat(catalog.find("list_webhooks")).isEmpty();
  }

  @Test
  void readOnlyKeepsOnlyReadTools() {
    ToolCatalog catalog = ToolCatalog.of(all, new ToolOptions(EnumSet.allOf(Toolset.class), true));

    assertThat(catalog.tools()).extracting(ToolDefinition::name)
        .containsExactly("whoami", "list_event_types", "list_webhooks");
  }

  @Test
  void aToolOfADisabledToolsetIsExplainedWithTheToolsetToEnable() {
    ToolCatalog catalog = ToolCatalog.of(all, ToolOptions.defaults());

    assertThat(catalog.explainMissing("list_webhooks"))
        .contains("'webhooks' toolset", "--toolsets");
  }

  @Test
  void aWriteToolOnAReadOnlyServerIsExplainedAsSuch() {
    ToolCatalog catalog = ToolCatalog.of(all, new ToolOptions(Toolset.defaults(), true));

    assertThat(catalog.explainMissing("book_meeting")).contains("changes data", "--read-only");
  }

  @Test
  void anUnknownToolIsExplainedWithTheToolsOnOffer() {
    ToolCatalog catalog = ToolCatalog.of(all, ToolOptions.defaults());

    assertThat(catalog.explainMissing("book"))
        .isEqualTo("Unknown tool 'book'. This server offers: whoami, book_meeting, list_event_types."
            + " Call tools/list for their descriptions.");
    assertThat(catalog.explainMissing("x".repeat(1000))).hasSizeLessThan(200);
  }

  @Test
  void twoToolsWithOneNameAreRefused() {
    List<ToolDefinition> twice = List.of(all.get(1), all.get(1));

    assertThatThrownBy(() -> ToolCatalog.of(twice, ToolOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whoami");
  }

  @Test
  void theProductCatalogStartsWithWhoami() {
    assertThat(ToolCatalog.build(ToolOptions.defaults()).tools().get(0).name()).isEqualTo("whoami");
  }

  @Test
  void everyFamilyOfToolsBelongsToTheToolsetItIsFiledUnderAndEveryToolsetHasOne() {
    for (ToolCatalog.Family family : ToolCatalog.FAMILIES) {
      assertThat(family.definitions().get()).as("the family filed under %s", family.toolset())
          .isNotEmpty()
          .allSatisfy(tool -> assertThat(tool.toolset()).as(tool.name()).isEqualTo(family.toolset()));
    }
    assertThat(ToolCatalog.FAMILIES).extracting(ToolCatalog.Family::toolset)
        .containsAll(EnumSet.allOf(Toolset.class));
  }

  @Test
  void theProductCatalogExplainsAToolOfAToolsetItDidNotDefine() {
    ToolCatalog catalog = ToolCatalog.build(ToolOptions.defaults());

    assertThat(catalog.explainMissing("list_webhook_subscriptions")).contains("'webhooks' toolset", "--toolsets");
    assertThat(catalog.explainMissing("book")).startsWith("Unknown tool 'book'.");
  }

  @Test
  void theProductCatalogNamesEveryToolOnceAcrossAllToolsets() {
    assertThat(ToolCatalog.build(ToolOptions.everything()).tools()).extracting(ToolDefinition::name).doesNotHaveDuplicates();
  }

  @Test
  void atLeastOneToolsetMustBeEnabled() {
    assertThatThrownBy(() -> new ToolOptions(EnumSet.noneOf(Toolset.class), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
