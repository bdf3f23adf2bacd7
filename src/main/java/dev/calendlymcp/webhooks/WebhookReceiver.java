package dev.calendlymcp.webhooks;

import dev.calendlymcp.transport.RequestBody;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/calendly}: Calendly's deliveries come in here. In order: the body is read
 * up to {@link #MAX_BODY_BYTES} (413 beyond, without reading the rest), the signature is checked
 * against the raw bytes before anything parses them (400 for a missing or malformed header, 401
 * for a bad or stale one), the body must be a Calendly delivery (400), and then it is committed to
 * the {@link WebhookInbox} before the answer: 202 for a new delivery, 200 for one we already have
 * (a retry, or the second half of a reschedule). Processing happens afterwards ({@code
 * onAccepted}). A refusal is logged with its reason, never with the body or the signature.
 */
public final class WebhookReceiver {

  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

  /** Where Calendly is told to send deliveries, under the server's public URL. */
  public static final String PATH = "/webhooks/calendly";

  /** Calendly's deliveries are a few kilobytes; a megabyte leaves room for long answers to questions. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private final WebhookSigningKeys keys;
  private final WebhookInbox inbox;
  private final Runnable onAccepted;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();
  // The inbox blocks on disk; event loops must not.
  private final Scheduler blocking = Schedulers.boundedElastic();

  /**
   * @param onAccepted told after each new delivery is committed, e.g. {@link WebhookProcessor#wake}
   */
  public WebhookReceiver(WebhookSigningKeys keys, WebhookInbox inbox, Runnable onAccepted, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    this.onAccepted = Objects.requireNonNull(onAccepted, "onAccepted");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** This receiver, also admitting deliveries signed with any of {@code more}. */
  public WebhookReceiver alsoAccepting(WebhookSigningKeys more) {
    Objects.requireNonNull(more, "more");
    WebhookSigningKeys both = new WebhookSigningKeys() {
      @Override
      public List<WebhookSigningKey> candidates() {
        List<WebhookSigningKey> all = new ArrayList<>(keys.candidates());
        all.addAll(more.candidates());
        return all;
      }

      @Override
      public List<WebhookSigningKey> retired() {
        List<WebhookSigningKey> all = new ArrayList<>(keys.retired());
        all.addAll(more.retired());
        return all;
      }
    };
    return new WebhookReceiver(both, inbox, onAccepted, clock);
  }

  public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    if (request.method() != HttpMethod.POST) {
      return refuse(response.header(HttpHeaderNames.ALLOW, "POST").keepAlive(false), 405, "method_not_allowed",
          "it is not a POST");
    }
    if (declaredLength(request) > MAX_BODY_BYTES) {
      return refuse(response.keepAlive(false), 413, "payload_too_large", "its declared length is over 1 MiB");
    }
    List<String> signatures = request.requestHeaders().getAll(WebhookSignature.HEADER);
    if (signatures.isEmpty()) {
      // Nothing to verify against, so the body is not worth reading.
      return refuse(response.keepAlive(false), 400, "invalid_signature", WebhookSignature.Verdict.MISSING.reason());
    }
    return RequestBody.read(request, MAX_BODY_BYTES)
        .defaultIfEmpty(new byte[0])
        .flatMap(body -> verified(signatures, body, response))
        .onErrorResume(RequestBody.TooLargeException.class,
            e -> refuse(response.keepAlive(false), 413, "payload_too_large", "its body passed 1 MiB"));
  }

  private Mono<Void> verified(List<String> signatures, byte[] body, HttpServerResponse response) {
    WebhookSignature.Verdict verdict = WebhookSignature.check(signatures, body, keys.candidates(), clock.instant());
    if (verdict == WebhookSignature.Verdict.MISMATCH
        && WebhookSignature.check(signatures, body, keys.retired(), clock.instant()) == WebhookSignature.Verdict.VALID) {
      return refuse(response, 410, "subscription_removed",
          "it is for a subscription this server gave up; 410 makes Calendly delete it");
    }
    if (verdict != WebhookSignature.Verdict.VALID) {
      return refuse(response, verdict.status(), "invalid_signature", verdict.reason());
    }
    JsonNode envelope;
    try {
      envelope = json.readTree(body);
    } catch (JacksonException e) {
      return refuse(response, 400, "invalid_body", "a validly signed body is not JSON");
    }
    if (!DeliveryReading.wellFormed(envelope)) {
      return refuse(response, 400, "invalid_body", "a validly signed body has no event or payload");
    }
    Delivery delivery =
        new Delivery(DeliveryReading.key(envelope, body), clock.instant(), new String(body, StandardCharsets.UTF_8));
    return Mono.fromCallable(() -> inbox.accept(delivery))
        .subscribeOn(blocking)
        .flatMap(accepted -> {
          if (accepted) {
            onAccepted.run();
            return reply(response, 202, "accepted");
          }
          log.debug("A webhook delivery we already have arrived again (a retry, or the other half of a reschedule)");
          return reply(response, 200, "duplicate");
        })
        .onErrorResume(e -> {
          // Not acknowledged, so Calendly sends it again later.
          log.warn("Could not keep a webhook delivery: {}", e.getMessage());
          return reply(response, 503, "unavailable");
        });
  }

  private static Mono<Void> refuse(HttpServerResponse response, int status, String error, String reason) {
    log.warn("Refused a Calendly webhook delivery with {}: {}", status, reason);
    return response.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendString(Mono.just("{\"error\":\"" + error + "\",\"error_description\":\"Refused: " + reason + ".\"}"))
        .then();
  }

  private static Mono<Void> reply(HttpServerResponse response, int status, String outcome) {
    return response.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendString(Mono.just("{\"status\":\"" + outcome + "\"}"))
        .then();
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      // Netty refuses such a request before it gets here; counting the body still caps it.
      return -1;
    }
  }
}
