package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base for client tests: a WireMock server on an OS-chosen port standing in for both
 * api.calendly.com and auth.calendly.com, a client pointed at it, and the rate-limit observations
 * the client reported. Fixtures live in {@code src/test/resources/calendly/}.
 */
abstract class WireMockCalendlyTest {

  static final String TOKEN = "pat-test-0123456789abcdef";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final List<RateLimitListener.Observation> observations = new CopyOnWriteArrayList<>();
  CalendlyHttp http;
  CalendlyClient client;

  @BeforeEach
  void startClient() {
    http = CalendlyHttp.create(config(), observations::add);
    client = CalendlyClient.create(http, AccessToken.of(TOKEN), ClientOptions.direct());
  }

  @AfterEach
  void stopClient() {
    http.close();
  }

  /**
   * A response timeout that only a stub that never answers reaches: an 800 ms one ran out under a
   * loaded build for ordinary answers. Tests of the timeout itself set a short one.
   */
  CalendlyConfig config() {
    URI base = URI.create(wm.baseUrl());
    return CalendlyConfig.defaults()
        .withApiBaseUrl(base)
        .withAuthBaseUrl(base)
        .withResponseTimeout(Duration.ofSeconds(15));
  }

  /** The base URL the fixtures' URIs should use; fixtures say {@code https://api.calendly.com}. */
  static String fixture(String name) {
    try (InputStream in = WireMockCalendlyTest.class.getResourceAsStream("/calendly/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture src/test/resources/calendly/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
