package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.User;

/** Endpoints 1–2: the current user and a user by uuid. */
public final class UsersApi {

  private final ApiContext context;

  public UsersApi(ApiContext context) {
    this.context = context;
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.read("GET", "/users/me", "users:read", this::me);
    router.read("GET", "/users/{uuid}", "users:read", this::user);
  }

  private ApiResponse me(ApiRequest request) {
    return ApiResponse.resource(context.views().user(request.caller().user()));
  }

  private ApiResponse user(ApiRequest request) {
    Caller caller = request.caller();
    String uuid = request.pathVariable("uuid");
    User user = uuid.equals("me") ? caller.user() : Access.pathUser(context.store(), caller, uuid);
    return ApiResponse.resource(context.views().user(user));
  }
}
