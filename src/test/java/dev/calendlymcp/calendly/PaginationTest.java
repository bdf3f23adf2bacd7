package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Keyset pagination: follows next_page_token lazily and never fetches a page nobody asked for. */
class PaginationTest extends WireMockCalendlyTest {

  record Item(String name) {}

  private static final String PATH = "/event_types";
  private static final String ODD_TOKEN = "a+b/c=d&e f%";

  private Flux<Item> allItems(int pageSize) {
    RestCalls rest = new RestCalls(http, TokenSource.of(AccessToken.of(TOKEN)), ClientOptions.direct());
    return rest.all(
        Endpoint.LIST_EVENT_TYPES,
        List.of(),
        () -> new OutboundRequest.Query().add("user", "https://api.calendly.com/users/U1"),
        pageSize,
        Item.class);
  }

  private static String page(int from, int to, String nextToken) {
    String items =
        IntStream.range(from, to).mapToObj(i -> "{\"name\":\"item-" + i + "\"}").collect(Collectors.joining(","));
    String next = nextToken == null ? "null" : "\"" + nextToken.replace("\"", "\\\"") + "\"";
    return "{\"collection\":[" + items + "],\"pagination\":{\"count\":" + (to - from)
        + ",\"next_page\":null,\"previous_page\":null,\"next_page_token\":" + next
        + ",\"previous_page_token\":null}}";
  }

  private void stubThreePages() {
    wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page_token", absent()).willReturn(okJson(page(0, 3, "T2"))));
    wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page_token", equalTo("T2")).willReturn(okJson(page(3, 6, ODD_TOKEN))));
    wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page_token", equalTo(ODD_TOKEN)).willReturn(okJson(page(6, 8, null))));
  }

  @Test
  void followsTheCursorAcrossThreePagesInOrder() {
    stubThreePages();

    List<String> names = allItems(3).map(Item::name).collectList().block();

    assertThat(names).containsExactly("item-0", "item-1", "item-2", "item-3", "item-4", "item-5", "item-6", "item-7");
    wm.verify(3, getRequestedFor(urlPathEqualTo(PATH)));
    wm.verify(3, getRequestedFor(urlPathEqualTo(PATH))
        .withQueryParam("count", equalTo("3"))
        .withQueryParam("user", equalTo("https://api.calendly.com/users/U1")));
  }

  @Test
  void aPageTokenWithReservedCharactersIsUrlEncoded() {
    stubThreePages();

    allItems(3).collectList().block();

    // WireMock decodes the query before matching, so a match on the raw token proves it arrived intact.
    wm.verify(getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("page_token", equalTo(ODD_TOKEN)));
    String raw =
        wm.getAllServeEvents().stream()
            .map(e -> e.getRequest().getUrl())
            .filter(url -> url.contains("page_token=a"))
            .findFirst()
            .orElseThrow();
    assertThat(raw).contains("page_token=a%2Bb%2Fc%3Dd%26e%20f%25");
  }

  @Test
  void takingFewerItemsThanAPageHoldsFetchesOnePage() {
    stubThreePages();

    StepVerifier.create(allItems(3).take(2).map(Item::name)).expectNext("item-0", "item-1").verifyComplete();

    wm.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void pagesAreFetchedOnlyAsTheSubscriberAsks() {
    stubThreePages();

    StepVerifier.create(allItems(3).map(Item::name), 0)
        .thenRequest(3)
        .expectNext("item-0", "item-1", "item-2")
        .then(() -> wm.verify(1, getRequestedFor(urlPathEqualTo(PATH))))
        .thenRequest(1)
        .expectNext("item-3")
        .then(() -> wm.verify(2, getRequestedFor(urlPathEqualTo(PATH))))
        .thenCancel()
        .verify();

    wm.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void anEmptyCollectionCompletesAfterOneRequest() {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(page(0, 0, null))));

    StepVerifier.create(allItems(20)).verifyComplete();

    wm.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void anErrorOnALaterPageEndsTheStreamWithThatError() {
    wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page_token", absent()).willReturn(okJson(page(0, 2, "T2"))));
    wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page_token", equalTo("T2"))
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(500)));

    StepVerifier.create(allItems(2).map(Item::name))
        .expectNext("item-0", "item-1")
        .expectError(CalendlyException.ServerError.class)
        .verify();
  }

  @Test
  void aBadPageSizeFailsTheStreamInsteadOfThrowingFromTheCall() {
    Flux<Item> items = allItems(101);

    StepVerifier.create(items).expectError(IllegalArgumentException.class).verify();
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void aFetcherThatThrowsEndsTheStreamWithItsError() {
    Flux<Item> items =
        Paginator.items(PageRequest.first(5), request -> { throw new IllegalStateException("no page for you"); });

    StepVerifier.create(items).expectErrorMessage("no page for you").verify();
  }

  @Test
  void pageSizeOutsideOneToHundredIsRefusedBeforeAnyRequest() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PageRequest.first(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count must be between 1 and 100");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PageRequest.first(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }
}
