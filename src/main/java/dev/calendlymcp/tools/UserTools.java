package dev.calendlymcp.tools;

import java.util.List;

/** The {@code users} toolset: any user by reference. */
public final class UserTools {

  private UserTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(getUser());
  }

  static ToolDefinition getUser() {
    return ToolDefinition.builder("get_user")
        .title("User")
        .description(
            "Get a Calendly user by URI or UUID, such as a host or member found in another result:"
                + " name, email, time zone, booking page and organization. For yourself use whoami.")
        .toolset(Toolset.USERS)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("user", Lookups.reference("The user's URI or UUID."))
            .closed())
        .output(ResourceMaps.userSchema())
        .handler((arguments, context) -> context.calendly().client().users()
            .get(arguments.requiredString("user"))
            .map(user -> new ToolResult(ResourceMaps.user(user),
                user.name() + " <" + user.email() + ">"
                    + (user.timezone() == null ? "" : ", time zone " + user.timezone())
                    + ". URI: " + user.uri()
                    + (user.schedulingUrl() == null ? "." : "; booking page: " + user.schedulingUrl() + "."))))
        .build();
  }
}
