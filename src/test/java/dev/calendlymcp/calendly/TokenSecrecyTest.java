package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.http.Fault;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The token must not surface in toString, exception messages, stack traces or logs at any level. */
class TokenSecrecyTest extends WireMockCalendlyTest {

  @Test
  void accessTokenToStringShowsOnlyAFingerprint() {
    AccessToken token = AccessToken.of(TOKEN);

    assertThat(token.toString()).doesNotContain(TOKEN).startsWith("AccessToken[").hasSize(12 + 16 + 1);
    assertThat(token.fingerprint()).hasSize(16).isEqualTo(AccessToken.of(" " + TOKEN + "\n").fingerprint());
    assertThat(token).isEqualTo(AccessToken.of(TOKEN)).isNotEqualTo(AccessToken.of(TOKEN + "x"));
  }

  @Test
  void anOutboundRequestPrintsNeitherItsHeadersNorItsBody() {
    OutboundRequest request =
        new OutboundRequest(
            Endpoint.CREATE_INVITEE,
            "/invitees",
            java.util.Map.of("Authorization", "Bearer " + TOKEN),
            "{\"invitee\":{\"email\":\"jane@example.com\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "application/json",
            AccessToken.of(TOKEN).fingerprint());

    assertThat(request.toString()).doesNotContain(TOKEN).doesNotContain("jane@example.com").contains("POST /invitees");
  }

  @Test
  void aTokenWithControlCharactersIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> AccessToken.of("abc\u0000def"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("abc");
    assertThatThrownBy(() -> AccessToken.of("  ")).hasMessageContaining("blank");
  }

  @Test
  void debugLogsOfSuccessfulAndFailedCallsNeverContainTheToken() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level rootLevel = root.getLevel();
    Level nettyLevel = context.getLogger("io.netty").getLevel();
    Level reactorNettyLevel = context.getLogger("reactor.netty").getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.TRACE);
    context.getLogger("io.netty").setLevel(Level.TRACE);
    context.getLogger("reactor.netty").setLevel(Level.TRACE);
    StringBuilder everything = new StringBuilder();
    try {
      wm.stubFor(get(urlEqualTo("/users/me")).inScenario("s").willReturn(okJson(fixture("user.json"))));
      client.users().me().block();
      for (var failure :
          java.util.List.of(
              aResponse().withStatus(401).withBody("{\"title\":\"Unauthenticated\",\"message\":\"bad token\"}"),
              aResponse().withStatus(500),
              aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
              okJson("{not json"))) {
        wm.stubFor(get(urlEqualTo("/users/me")).willReturn(failure));
        try {
          client.users().me().block();
        } catch (CalendlyException e) {
          StringWriter trace = new StringWriter();
          e.printStackTrace(new PrintWriter(trace));
          everything.append(trace).append(e);
        }
      }
    } finally {
      root.detachAppender(captured);
      root.setLevel(rootLevel);
      context.getLogger("io.netty").setLevel(nettyLevel);
      context.getLogger("reactor.netty").setLevel(reactorNettyLevel);
    }
    for (ILoggingEvent event : captured.list) {
      everything.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        everything.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }

    assertThat(captured.list).as("TRACE logging should have produced output to inspect").isNotEmpty();
    assertThat(everything.toString()).doesNotContain(TOKEN);
  }
}
