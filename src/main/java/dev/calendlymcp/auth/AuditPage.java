package dev.calendlymcp.auth;

import dev.calendlymcp.audit.AuditDecision;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.audit.AuditSentence;
import java.util.List;

/**
 * The audit page's HTML: no script, one column that wraps on a phone, and every value escaped,
 * since names and answers in a record were written by outsiders (invitees) and agents.
 */
final class AuditPage {

  private static final String HEAD = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";

  private static final String STYLE = "<style>body{font-family:system-ui,sans-serif;max-width:48em;margin:2em auto;"
      + "padding:0 1em;line-height:1.5}form{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:flex-end;"
      + "margin:1em 0}label{display:flex;flex-direction:column;font-size:.9em}input,select,button{font-size:1em;"
      + "padding:.3em;max-width:100%;box-sizing:border-box}button{padding:.3em 1.2em}"
      + "ol{list-style:none;padding:0}li{padding:.5em .6em;border-bottom:1px solid #ddd;overflow-wrap:anywhere}"
      + "li.denied{border-left:4px solid #b00020}.error{color:#b00020;font-weight:600}.note{color:#555}</style>";

  private AuditPage() {}

  /** {@code records} newest first; a note when the page is full, since older matches were left out. */
  static String records(List<AuditRecord> records, AuditEndpoint.Filters filters, int pageSize) {
    StringBuilder items = new StringBuilder();
    for (AuditRecord record : records) {
      items.append(record.decision() == AuditDecision.DENIED ? "<li class=\"denied\">" : "<li>")
          .append(Web.escape(AuditSentence.of(record))).append("</li>");
    }
    String list = records.isEmpty()
        ? "<p>" + (filters.any() ? "No calls match these filters." : "Your agents have made no calls yet.") + "</p>"
        : "<ol>" + items + "</ol>";
    String full = records.size() < pageSize ? ""
        : "<p class=\"note\">This page shows the newest " + pageSize + " matching calls. To see older ones, narrow"
            + " the filters, or run <code>calendly-mcp audit</code> on the server.</p>";
    return page("<h1>What your agents did</h1><p>Every tool call your MCP clients made for your Calendly account,"
        + " allowed or denied, newest first. Times are in UTC.</p>" + form(filters) + list + full);
  }

  /** A refused request: {@code message} says why and what to do. */
  static String refused(String message) {
    return page("<h1>Cannot show your agents' calls</h1><p class=\"error\">" + Web.escape(message) + "</p>"
        + "<p><a href=\"" + AuditEndpoint.PATH + "\">Show all calls</a></p>");
  }

  private static String form(AuditEndpoint.Filters filters) {
    StringBuilder decisions = new StringBuilder("<option value=\"\">any</option>");
    for (AuditDecision decision : AuditDecision.values()) {
      decisions.append("<option value=\"").append(decision.wireName()).append('"')
          .append(decision.wireName().equals(filters.decision()) ? " selected" : "")
          .append('>').append(decision.wireName()).append("</option>");
    }
    return "<form method=\"get\" action=\"" + AuditEndpoint.PATH + "\">"
        + "<label>Since <input name=\"" + AuditEndpoint.SINCE + "\" value=\"" + Web.escape(filters.since())
        + "\" placeholder=\"1h, 2d, 2026-11-24\" maxlength=\"40\" size=\"14\"></label>"
        + "<label>Agent <input name=\"" + AuditEndpoint.AGENT + "\" value=\"" + Web.escape(filters.agent())
        + "\" placeholder=\"name or client id\" maxlength=\"200\" size=\"18\"></label>"
        + "<label>Decision <select name=\"" + AuditEndpoint.DECISION + "\">" + decisions + "</select></label>"
        + "<button>Filter</button></form>";
  }

  private static String page(String body) {
    return HEAD + "<title>What your agents did</title>" + STYLE + "</head><body>" + body
        + "<p><a href=\"/consents\">The MCP clients you approved</a></p></body></html>";
  }
}
