package dev.calendlymcp.sandbox;

import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An HTTP answer from the sandbox, with its body parsed when it is JSON. */
record Reply(int status, HttpResponse<String> raw) {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  String body() {
    return raw.body();
  }

  JsonNode json() {
    return MAPPER.readTree(raw.body());
  }

  String header(String name) {
    return raw.headers().firstValue(name).orElse(null);
  }

  /** The {@code parameter} of every {@code details[]} entry. */
  List<String> detailParameters() {
    return json().path("details").valueStream().map(d -> d.path("parameter").asString()).toList();
  }

  /** The resource's field, for {@code {"resource": …}} answers. */
  String resource(String field) {
    return json().path("resource").path(field).asString();
  }

  @Override
  public String toString() {
    return status + " " + raw.body();
  }
}
