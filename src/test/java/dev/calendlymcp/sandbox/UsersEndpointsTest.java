package dev.calendlymcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UsersEndpointsTest extends SandboxTestBase {

  @Test
  void currentUserIsTheTokensUserWithCalendlysFields() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    Reply reply = http.get("/users/me", owner.token());

    assertThat(reply.status()).isEqualTo(200);
    JsonNode user = reply.json().path("resource");
    assertThat(user.path("uri").asString()).isEqualTo(owner.userUri());
    assertThat(user.path("email").asString()).isEqualTo(owner.email());
    assertThat(user.path("current_organization").asString()).isEqualTo(owner.organizationUri());
    assertThat(user.path("resource_type").asString()).isEqualTo("User");
    assertThat(user.path("timezone").asString()).isEqualTo(owner.timezone());
    assertThat(user.path("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(reply.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void aColleagueIsReadableByUuidAndMeIsAnAlias() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser colleague = user(Plan.TEAMS, Role.USER);

    Reply byUuid = http.get("/users/" + uuid(colleague.userUri()), owner.token());
    Reply me = http.get("/users/me", colleague.token());
    Reply meAlias = http.get("/users/me", colleague.token());

    assertThat(byUuid.status()).isEqualTo(200);
    assertThat(byUuid.resource("email")).isEqualTo(colleague.email());
    assertThat(meAlias.body()).isEqualTo(me.body());
  }

  @Test
  void aUserOfAnotherOrganizationOrAnUnknownUuidIsNotFound() {
    SeededUser teams = user(Plan.TEAMS, Role.OWNER);
    SeededUser free = user(Plan.FREE, Role.OWNER);

    Reply other = http.get("/users/" + uuid(free.userUri()), teams.token());
    Reply unknown = http.get("/users/00000000-0000-4000-8000-000000000000", teams.token());

    assertThat(other.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("title").asString()).isEqualTo("Resource Not Found");
    assertThat(unknown.json().has("details")).isFalse();
  }

  @Test
  void missingMalformedUnknownExpiredAndRevokedTokensAreUnauthenticated() {
    SeededUser user = user(Plan.STANDARD, Role.USER);
    String expired = sandbox.issueToken(user.userUri(), List.of("users:read"), Duration.ofMinutes(5));
    String revoked = sandbox.issueToken(user.userUri(), List.of("users:read"));
    sandbox.revokeToken(revoked);
    clock.advance(Duration.ofMinutes(5));

    Reply missing = http.get("/users/me", null);
    Reply unknown = http.get("/users/me", "not-a-token");
    Reply lapsed = http.get("/users/me", expired);
    Reply gone = http.get("/users/me", revoked);
    Reply basic = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(sandbox.apiBaseUrl() + "/users/me")).header("Authorization", "Basic abc").build());

    for (Reply reply : List.of(missing, unknown, lapsed, gone, basic)) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
      assertThat(reply.json().path("title").asString()).isEqualTo("Unauthenticated");
      assertThat(reply.body()).doesNotContain(user.token());
    }
    assertThat(lapsed.json().path("message").asString()).contains("expired");
    assertThat(gone.json().path("message").asString()).contains("revoked");
  }

  @Test
  void aTokenWithoutTheUsersReadScopeIsDenied() {
    SeededUser user = user(Plan.STANDARD, Role.USER);
    String token = sandbox.issueToken(user.userUri(), List.of("event_types:read"));

    Reply reply = http.get("/users/me", token);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().path("title").asString()).isEqualTo("Permission Denied");
    assertThat(reply.json().path("message").asString()).contains("users:read");
  }

  @Test
  void everyAuthenticatedResponseCarriesRateLimitHeaders() {
    SeededUser user = user(Plan.STANDARD, Role.USER);

    Reply ok = http.get("/users/me", user.token());
    Reply notFound = http.get("/users/nope", user.token());

    for (Reply reply : List.of(ok, notFound)) {
      assertThat(reply.header("X-RateLimit-Limit")).isNotNull();
      assertThat(reply.header("X-RateLimit-Remaining")).isNotNull();
      assertThat(reply.header("X-RateLimit-Reset")).isNotNull();
    }
  }

  @Test
  void anUnknownPathIsNotFoundInCalendlysShape() {
    Reply reply = http.get("/no_such_endpoint", user(Plan.FREE, Role.USER).token());

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().path("title").asString()).isEqualTo("Resource Not Found");
  }
}
