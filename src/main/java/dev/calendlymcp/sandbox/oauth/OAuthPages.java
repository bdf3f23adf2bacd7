package dev.calendlymcp.sandbox.oauth;

import java.util.List;

/** The HTML of the authorization endpoint: the consent page and the error page. Minimal on purpose. */
final class OAuthPages {

  /** A user the consent page offers. */
  record Choice(String email, String name, String organization) {}

  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}"
          + "code{background:#f2f2f2;padding:0 .2rem}select,button{font-size:1rem;margin:.3rem 0}"
          + "button{padding:.4rem 1rem;margin-right:.5rem}.note{color:#666;font-size:.9rem}";

  private OAuthPages() {}

  static String consent(String clientId, List<String> scopes, List<Choice> users, String selectedEmail, String csrfToken) {
    StringBuilder page = new StringBuilder(1024 + users.size() * 120);
    page.append(head("Authorize access"));
    page.append("<h1>Authorize access</h1>\n<p>The app <code>").append(escape(clientId))
        .append("</code> asks to act for you with these scopes:</p>\n<ul>\n");
    for (String scope : scopes) {
      page.append("<li><code>").append(escape(scope)).append("</code></li>\n");
    }
    page.append("</ul>\n<form method=\"post\" action=\"/oauth/authorize\">\n")
        .append("<input type=\"hidden\" name=\"csrf_token\" value=\"").append(escape(csrfToken)).append("\">\n")
        .append("<label for=\"user\">Sign in as</label><br>\n<select id=\"user\" name=\"user\">\n");
    for (Choice user : users) {
      page.append("<option value=\"").append(escape(user.email())).append('"');
      if (user.email().equalsIgnoreCase(selectedEmail)) {
        page.append(" selected");
      }
      page.append('>').append(escape(user.name())).append(" &lt;").append(escape(user.email())).append("&gt; — ")
          .append(escape(user.organization())).append("</option>\n");
    }
    page.append("</select><br>\n")
        .append("<button type=\"submit\" name=\"decision\" value=\"approve\">Allow</button>")
        .append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n</form>\n")
        .append("<p class=\"note\">Calendly sandbox: no password is asked; pick any seeded user.</p>\n")
        .append("</body>\n</html>\n");
    return page.toString();
  }

  static String error(String message) {
    return head("Authorization failed")
        + "<h1>Authorization failed</h1>\n<p>" + escape(message) + "</p>\n"
        + "<p class=\"note\">Calendly sandbox: the app's request could not be accepted, so you were not sent back to it.</p>\n"
        + "</body>\n</html>\n";
  }

  private static String head(String title) {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
        + " · Calendly sandbox</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n";
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
