package dev.calendlymcp.sandbox.seed;

import java.util.List;

/** Word lists the seeded data is drawn from. */
final class Names {

  private Names() {}

  static final List<String> FIRST =
      List.of(
          "Ava", "Liam", "Maya", "Noah", "Zoe", "Ethan", "Lena", "Omar", "Iris", "Hugo",
          "Nora", "Felix", "Aiko", "Mateo", "Priya", "Jonas", "Chloe", "Tariq", "Elena", "Kofi",
          "Sofia", "Ravi", "Greta", "Diego", "Hana", "Lucas", "Amara", "Theo", "Ines", "Kai");

  static final List<String> LAST =
      List.of(
          "Martin", "Okafor", "Tanaka", "Silva", "Novak", "Schmidt", "Haddad", "Kowalski",
          "Nguyen", "Larsen", "Moreau", "Rossi", "Patel", "Fischer", "Costa", "Berg", "Mensah",
          "Ibrahim", "Sato", "Lopez", "Dubois", "Kim", "Walsh", "Yilmaz", "Andersen", "Reyes",
          "Chen", "Murphy", "Vidal", "Ward");

  static final List<String> ORGANIZATIONS =
      List.of("Northwind", "Bluebird Labs", "Tidewater", "Summit Partners", "Granite & Co",
          "Lumen Health", "Orbit Logistics", "Cedar Studio");

  /** Time zones users get, in turn; several are in the southern hemisphere. */
  static final List<String> ZONES =
      List.of(
          "America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney",
          "America/Los_Angeles", "Europe/Berlin", "America/Sao_Paulo", "Asia/Kolkata",
          "Pacific/Auckland", "Africa/Johannesburg", "America/Chicago", "Asia/Singapore");

  static final List<String> CLIENT_DOMAINS =
      List.of("example.org", "clients.example", "mail.example.net", "example.com");

  static final List<String> TOPICS =
      List.of(
          "Pricing for the team plan", "Onboarding questions", "Quarterly review",
          "Integration with our CRM", "Renewal options", "A demo for my manager");

  static final List<String> COMPANIES =
      List.of("Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay Industries");

  static final List<String> COLORS =
      List.of("#0069ff", "#8247f5", "#17e885", "#ff8a00", "#e55cff", "#ffd00b");
}
