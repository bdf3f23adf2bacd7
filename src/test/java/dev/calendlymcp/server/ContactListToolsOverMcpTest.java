package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.call;
import static dev.calendlymcp.server.ToolResults.list;
import static dev.calendlymcp.server.ToolResults.structured;
import static dev.calendlymcp.server.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Role;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * save_contact_list, change_list_members and create_custom_field through the production MCP path
 * with the SDK's client, against the sandbox as Calendly.
 */
class ContactListToolsOverMcpTest {

  private SandboxAccess.Served served;

  private McpAsyncClient start(Role role) {
    served = SandboxAccess.teamsUserWithEveryToolset(role);
    return served.server().client();
  }

  @AfterEach
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> emails(McpAsyncClient client) {
    return list(structured(call(client, "find_contact", Map.of("count", 3))), "contacts").stream()
        .map(c -> (String) c.get("email")).toList();
  }

  @Test
  void aListIsMadeWithPeopleByEmailRenamedAndItsPeopleChanged() {
    McpAsyncClient client = start(Role.OWNER);
    List<String> emails = emails(client);

    Map<String, Object> made = structured(call(client, "save_contact_list", Map.of(
        "name", "Pilot", "contacts", List.of(emails.get(0), emails.get(1), "nobody@example.org"))));
    Map<String, Object> renamed = structured(call(client, "save_contact_list", Map.of("list", "pilot", "name", "Pilot 2027")));
    Map<String, Object> changed = structured(call(client, "change_list_members", Map.of(
        "list", "Pilot 2027", "add", List.of(emails.get(2)), "remove", List.of(emails.get(0)))));
    Map<String, Object> inList = structured(call(client, "find_contact", Map.of("list", "Pilot 2027")));
    CallToolResult view = call(client, "change_list_members", Map.of("list", "All Contacts", "add", List.of(emails.get(0))));
    CallToolResult taken = call(client, "save_contact_list", Map.of("name", "pilot 2027"));
    CallToolResult nothing = call(client, "change_list_members", Map.of("list", "Pilot 2027"));

    assertThat(made.get("created")).isEqualTo(true);
    assertThat(((Map<?, ?>) made.get("list")).get("contact_count")).isEqualTo(2);
    assertThat(list(made, "not_added")).containsExactly(Map.of("contact", "nobody@example.org", "reason", "no contact has this email"));
    assertThat(renamed.get("created")).isEqualTo(false);
    assertThat(((Map<?, ?>) renamed.get("list")).get("name")).isEqualTo("Pilot 2027");
    assertThat(changed.get("added")).isEqualTo(1);
    assertThat(changed.get("removed")).isEqualTo(1);
    assertThat(list(inList, "contacts")).extracting(c -> c.get("email")).containsExactlyInAnyOrder(emails.get(1), emails.get(2));
    assertThat(view.isError()).isTrue();
    assertThat(text(view)).contains("View");
    assertThat(taken.isError()).isTrue();
    assertThat(text(taken)).containsIgnoringCase("already exists");
    assertThat(nothing.isError()).isTrue();
    assertThat(text(nothing)).contains("add", "remove");
  }

  @Test
  void anAdminCreatesCustomFieldsAndAMemberIsToldWhy() {
    McpAsyncClient owner = start(Role.OWNER);

    Map<String, Object> tier = structured(call(owner, "create_custom_field", Map.of(
        "label", "Tier", "type", "single_select", "options", List.of("Gold", "Silver"))));
    Map<String, Object> arr = structured(call(owner, "create_custom_field", Map.of(
        "label", "ARR", "type", "currency", "currency", "eur")));
    CallToolResult again = call(owner, "create_custom_field", Map.of("label", "tier", "type", "text"));
    CallToolResult noOptions = call(owner, "create_custom_field", Map.of("label", "Size", "type", "single_select"));

    assertThat(list(tier, "options")).extracting(o -> o.get("label")).containsExactly("Gold", "Silver");
    assertThat(arr.get("currency")).isEqualTo("EUR");
    assertThat(again.isError()).isTrue();
    assertThat(text(again)).containsIgnoringCase("already exists");
    assertThat(noOptions.isError()).isTrue();
    assertThat(text(noOptions)).contains("options");
    stop();

    McpAsyncClient member = start(Role.USER);
    CallToolResult refused = call(member, "create_custom_field", Map.of("label", "Region", "type", "text"));
    assertThat(refused.isError()).isTrue();
    assertThat(text(refused)).contains("admin");
  }
}
