package dev.calendlymcp.auth;

import dev.calendlymcp.auth.store.Consent;
import dev.calendlymcp.policy.Policy;
import java.net.URI;
import java.util.List;
import java.util.Set;

/** The pages people see at our authorization server; every value is escaped. */
final class ConsentPage {

  private static final String STYLE = "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      + "<style>body{font-family:system-ui,sans-serif;max-width:34em;margin:3em auto;"
      + "padding:0 1em;line-height:1.5}button{font-size:1em;padding:.5em 1.2em;margin-right:.5em}"
      + ".host{font-family:monospace;background:#f3f3f3;padding:0 .3em}"
      + "fieldset.policy{border:1px solid #ccc;padding:.5em 1em;margin:1em 0}"
      + ".row{display:flex;flex-wrap:wrap;align-items:center;gap:.3em 1em;padding:.4em 0;border-top:1px solid #eee}"
      + ".row .what{flex:1 1 12em}select{font-size:1em;padding:.2em}.ask{white-space:nowrap}"
      + ".agent{border-top:2px solid #ccc;margin-top:1.5em}</style>";

  private ConsentPage() {}

  /** The consent form's field naming the request it approves. */
  static final String TICKET_FIELD = "ticket";

  /** One approved client on the consents page, with its policy and the choices it may be given. */
  record ApprovedAgent(Consent consent, String clientName, Policy policy, PolicyForm form) {}

  static String consent(String clientName, URI redirectUri, Set<String> scopes, String csrf, String ticket,
      String policyFields) {
    StringBuilder items = new StringBuilder();
    for (String scope : List.copyOf(scopes).stream().sorted().toList()) {
      items.append("<li>").append(Web.escape(describe(scope))).append("</li>");
    }
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Allow access to Calendly?</title>" + STYLE
        + "</head><body><h1>Allow " + Web.escape(clientName) + " to use your Calendly?</h1>"
        + "<p>An MCP client calling itself <strong>" + Web.escape(clientName) + "</strong> asks to act for you through"
        + " calendly-mcp. After you approve, it is sent back to <span class=\"host\">"
        + Web.escape(redirectUri.getScheme() + "://" + redirectUri.getAuthority()) + "</span>."
        + " Only approve if you started this from that app.</p><p>It asks to:</p><ul>" + items + "</ul>"
        + "<p>Choose below what it may do with each part of your Calendly; anything set to none is refused.</p>"
        + "<p>You sign in to Calendly next. The client never sees your Calendly password or tokens, and you can"
        + " withdraw this approval at any time on <a href=\"/consents\">/consents</a>.</p>"
        + "<form method=\"post\" action=\"/consent\"><input type=\"hidden\" name=\"csrf_token\" value=\""
        + Web.escape(csrf) + "\"><input type=\"hidden\" name=\"" + TICKET_FIELD + "\" value=\"" + Web.escape(ticket)
        + "\">" + policyFields + "<button name=\"decision\" value=\"approve\">Approve</button>"
        + "<button name=\"decision\" value=\"deny\">Deny</button></form></body></html>";
  }

  static String consents(List<ApprovedAgent> agents, String csrf) {
    StringBuilder rows = new StringBuilder();
    int index = 0;
    for (ApprovedAgent agent : agents) {
      String clientId = agent.consent().clientId();
      String hidden = "<input type=\"hidden\" name=\"csrf_token\" value=\"" + Web.escape(csrf) + "\">"
          + "<input type=\"hidden\" name=\"client_id\" value=\"" + Web.escape(clientId) + "\">";
      rows.append("<section class=\"agent\"><h2>").append(Web.escape(agent.clientName())).append("</h2><p><small>")
          .append(Web.escape(clientId)).append(" — ")
          .append(Web.escape(String.join(", ", agent.consent().scopes().stream().sorted().toList())))
          .append("</small></p><p>May: ").append(Web.escape(PolicyForm.summary(agent.policy())))
          .append(agent.consent().policy().isEmpty() ? " (approved before per-resource choices existed)" : "")
          .append("</p><form method=\"post\" action=\"/consents\">").append(hidden)
          .append(agent.form().fields(agent.form().within(agent.policy()), "a" + index++ + "-"))
          .append("<button name=\"action\" value=\"save\">Save</button></form>")
          .append("<form method=\"post\" action=\"/consents\">").append(hidden)
          .append("<button name=\"action\" value=\"withdraw\">Withdraw</button></form></section>");
    }
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Your approvals</title>" + STYLE
        + "</head><body><h1>MCP clients you approved</h1>"
        + (agents.isEmpty() ? "<p>None.</p>" : rows.toString())
        + "<p>Saving changes what the client may do from its next call on. Withdrawing ends the client's access at"
        + " once; it must ask you again.</p>"
        + "<p><a href=\"" + AuditEndpoint.PATH + "\">What your agents did</a>: every tool call they made for you.</p>"
        + "</body></html>";
  }

  static String error(String message) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign-in failed</title>" + STYLE
        + "</head><body><h1>This sign-in cannot go on</h1><p>" + Web.escape(message) + "</p>"
        + "<p>Go back to your MCP client and connect again.</p></body></html>";
  }

  private static String describe(String scope) {
    return switch (scope) {
      case Scopes.READ -> "see your Calendly account: event types, availability, meetings, invitees, members";
      case Scopes.WRITE -> "make changes in your Calendly: book and cancel meetings, create booking links";
      default -> scope;
    };
  }
}
