package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.ExtraStore;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routing forms and their submissions, read only. Forms belong to the organization, so every
 * member may read them; routing forms are a paid feature, so a Free organization gets Calendly's
 * upgrade message.
 */
public final class RoutingFormsApi {

  private final ApiContext context;
  private final ExtraStore extras;

  public RoutingFormsApi(ApiContext context, ExtraStore extras) {
    this.context = context;
    this.extras = extras;
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.read("GET", "/routing_forms", "routing_forms:read", this::listForms);
    router.read("GET", "/routing_forms/{uuid}", "routing_forms:read", this::getForm);
    router.read("GET", "/routing_form_submissions", "routing_forms:read", this::listSubmissions);
    router.read("GET", "/routing_form_submissions/{uuid}", "routing_forms:read", this::getSubmission);
  }

  private ApiResponse listForms(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String organization = params.requiredUri("organization", "organizations");
    Pagination.Sort<ExtraStore.RoutingForm> sort = Pagination.sort(params, "created_at:asc",
        Map.<String, Function<ExtraStore.RoutingForm, Object>>of(
            "created_at", f -> Pagination.instantKey(f.createdAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    Access.referencedOrganization(context.store(), caller, organization);
    Access.requirePaidPlan(caller);
    return Pagination.page(request, context.uris().base(), extras.formsOf(organization), sort,
        ExtraStore.RoutingForm::uuid, page, this::form);
  }

  private ApiResponse getForm(ApiRequest request) {
    Caller caller = request.caller();
    ExtraStore.RoutingForm form = visibleForm(caller, request.pathVariable("uuid"));
    return ApiResponse.resource(form(form));
  }

  private ApiResponse listSubmissions(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String formUuid = params.requiredUri("form", "routing_forms");
    Pagination.Sort<ExtraStore.Submission> sort = Pagination.sort(params, "created_at:asc",
        Map.<String, Function<ExtraStore.Submission, Object>>of(
            "created_at", s -> Pagination.instantKey(s.createdAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    ExtraStore.RoutingForm form = extras.form(formUuid).orElseThrow(ApiException::notFound);
    if (!form.organizationUuid().equals(caller.organizationUuid())) {
      throw ApiException.forbidden();
    }
    Access.requirePaidPlan(caller);
    return Pagination.page(request, context.uris().base(), extras.submissionsOf(formUuid), sort,
        ExtraStore.Submission::uuid, page, this::submission);
  }

  private ApiResponse getSubmission(ApiRequest request) {
    Caller caller = request.caller();
    ExtraStore.Submission submission =
        extras.submission(request.pathVariable("uuid")).orElseThrow(ApiException::notFound);
    visibleForm(caller, submission.formUuid());
    return ApiResponse.resource(submission(submission));
  }

  private ExtraStore.RoutingForm visibleForm(Caller caller, String uuid) {
    ExtraStore.RoutingForm form = extras.form(uuid).orElseThrow(ApiException::notFound);
    if (!form.organizationUuid().equals(caller.organizationUuid())) {
      throw ApiException.notFound();
    }
    Access.requirePaidPlan(caller);
    return form;
  }

  private ObjectNode form(ExtraStore.RoutingForm form) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().base() + "/routing_forms/" + form.uuid());
    node.put("organization", context.uris().organization(form.organizationUuid()));
    node.put("name", form.name());
    node.put("status", form.status());
    ArrayNode questions = node.putArray("questions");
    for (ExtraStore.FormQuestion question : form.questions()) {
      ObjectNode q = questions.addObject();
      q.put("uuid", question.uuid());
      q.put("name", question.name());
      q.put("type", question.type());
      q.put("required", question.required());
      ArrayNode choices = q.putArray("answer_choices");
      question.answerChoices().forEach(choices::add);
    }
    node.put("created_at", Json.timestamp(form.createdAt()));
    node.put("updated_at", Json.timestamp(form.updatedAt()));
    return node;
  }

  ObjectNode submission(ExtraStore.Submission submission) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().base() + "/routing_form_submissions/" + submission.uuid());
    node.put("routing_form", context.uris().base() + "/routing_forms/" + submission.formUuid());
    ArrayNode answers = node.putArray("questions_and_answers");
    for (ExtraStore.Answer answer : submission.answers()) {
      answers.addObject().put("question_uuid", answer.questionUuid()).put("question", answer.question())
          .put("answer", answer.answer());
    }
    ObjectNode tracking = node.putObject("tracking");
    tracking.put("utm_campaign", (String) null);
    tracking.put("utm_source", submission.utmSource());
    tracking.put("utm_medium", (String) null);
    tracking.put("utm_content", (String) null);
    tracking.put("utm_term", (String) null);
    tracking.put("salesforce_uuid", (String) null);
    ObjectNode result = node.putObject("result");
    result.put("type", "event_type");
    result.put("value", context.uris().eventType(submission.eventTypeUuid()));
    node.put("submitter", submission.inviteeUri());
    node.put("submitter_type", submission.inviteeUri() == null ? null : "Invitee");
    node.put("created_at", Json.timestamp(submission.createdAt()));
    node.put("updated_at", Json.timestamp(submission.createdAt()));
    return node;
  }
}
