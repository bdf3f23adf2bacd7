package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.RoutingForm;
import dev.calendlymcp.calendly.model.RoutingFormSubmission;
import java.net.URI;
import java.util.List;
import reactor.core.publisher.Mono;

/** Routing forms and their submissions (read only; {@code routing_forms:read}). */
public final class RoutingFormsApi {

  private final RestCalls rest;

  RoutingFormsApi(RestCalls rest) {
    this.rest = rest;
  }

  /** {@code GET /routing_forms}: one page of the organization's routing forms, oldest first. */
  public Mono<Page<RoutingForm>> list(URI organization, PageRequest page) {
    return Mono.fromCallable(() -> new OutboundRequest.Query()
            .add("organization", Arguments.uri(organization, "organization")))
        .flatMap(q -> rest.page(Endpoint.LIST_ROUTING_FORMS, List.of(), q, page, RoutingForm.class));
  }

  /** {@code GET /routing_forms/{uuid}}. */
  public Mono<RoutingForm> get(String formUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(formUriOrUuid, "form"))
        .flatMap(uuid -> rest.resource(
            Endpoint.GET_ROUTING_FORM, List.of(uuid), new OutboundRequest.Query(), RoutingForm.class));
  }

  /**
   * {@code GET /routing_form_submissions}: one page of a form's submissions.
   *
   * @param newestFirst sort by {@code created_at:desc} instead of Calendly's ascending default
   */
  public Mono<Page<RoutingFormSubmission>> submissions(URI form, boolean newestFirst, PageRequest page) {
    return Mono.fromCallable(() -> new OutboundRequest.Query()
            .add("form", Arguments.uri(form, "form"))
            .add("sort", newestFirst ? "created_at:desc" : null))
        .flatMap(q -> rest.page(
            Endpoint.LIST_ROUTING_FORM_SUBMISSIONS, List.of(), q, page, RoutingFormSubmission.class));
  }

  /** {@code GET /routing_form_submissions/{uuid}}. */
  public Mono<RoutingFormSubmission> submission(String submissionUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(submissionUriOrUuid, "submission"))
        .flatMap(uuid -> rest.resource(
            Endpoint.GET_ROUTING_FORM_SUBMISSION, List.of(uuid), new OutboundRequest.Query(),
            RoutingFormSubmission.class));
  }
}
