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
            "Get a Calendly user, such as a host or member found in another result, by URI, UUID,"
                + " email or member name (me for yourself): name, email, time zone, booking page and"
                + " organization.")
        .toolset(Toolset.USERS)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("user", References.userArgument())
            .closed())
        .output(ResourceMaps.userSchema())
        .handler((arguments, context) -> References.user(context.calendly().client(), arguments, "user")
            .flatMap(uri -> context.calendly().client().users().get(uri.toString()))
            .map(user -> new ToolResult(ResourceMaps.user(user),
                user.name() + " <" + user.email() + ">"
                    + (user.timezone() == null ? "" : ", time zone " + user.timezone())
                    + ". URI: " + user.uri()
                    + (user.schedulingUrl() == null ? "." : "; booking page: " + user.schedulingUrl() + "."))))
        .build();
  }
}
