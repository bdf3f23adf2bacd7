package dev.calendlymcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Checks Calendly's keyset pagination on a list endpoint. */
final class Paging {

  private Paging() {}

  /**
   * Walks {@code path} (which must not set {@code count}) with {@code count} per page through
   * next_page links, checks it takes at least three pages, that next_page_token leads to the same
   * pages, that the concatenation equals one big page, that previous_page goes back, and that a
   * garbled page token and count=101 are rejected. Returns the items' URIs in order.
   */
  static List<String> checkThreePages(SandboxHttp http, String path, String token, int count, String idField) {
    String separator = path.contains("?") ? "&" : "?";
    List<String> all = uris(http.get(path + separator + "count=100", token), idField);

    List<String> walked = new ArrayList<>();
    List<JsonNode> pages = new ArrayList<>();
    String next = path + separator + "count=" + count;
    while (next != null) {
      Reply page = http.get(next, token);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      JsonNode pagination = page.json().path("pagination");
      assertThat(pagination.path("count").asInt()).isEqualTo(page.json().path("collection").size());
      pages.add(page.json());
      walked.addAll(uris(page, idField));
      next = pagination.path("next_page").isNull() ? null : pagination.path("next_page").asString();
    }
    assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
    assertThat(walked).isEqualTo(all).doesNotHaveDuplicates();
    assertThat(pages.get(0).path("pagination").path("previous_page").isNull()).isTrue();
    assertThat(pages.get(pages.size() - 1).path("pagination").path("next_page_token").isNull()).isTrue();

    String secondToken = pages.get(0).path("pagination").path("next_page_token").asString();
    Reply second = http.get(path + separator + "count=" + count + "&page_token=" + secondToken, token);
    assertThat(second.json().path("collection")).isEqualTo(pages.get(1).path("collection"));
    String back = second.json().path("pagination").path("previous_page").asString();
    assertThat(http.get(back, token).json().path("collection")).isEqualTo(pages.get(0).path("collection"));

    Reply garbled = http.get(path + separator + "page_token=not-a-token", token);
    assertThat(garbled.status()).isEqualTo(400);
    assertThat(garbled.detailParameters()).containsExactly("page_token");
    Reply tooMany = http.get(path + separator + "count=101", token);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.detailParameters()).containsExactly("count");
    return all;
  }

  static List<String> uris(Reply reply, String idField) {
    List<String> uris = new ArrayList<>();
    reply.json().path("collection").forEach(item -> uris.add(item.at(idField).asString()));
    return uris;
  }
}
