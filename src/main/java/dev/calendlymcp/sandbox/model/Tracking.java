package dev.calendlymcp.sandbox.model;

/**
 * UTM and Salesforce parameters a booking came with; each may be null.
 *
 * @param utmCampaign utm_campaign
 * @param utmSource utm_source
 * @param utmMedium utm_medium
 * @param utmContent utm_content
 * @param utmTerm utm_term
 * @param salesforceUuid salesforce_uuid
 */
public record Tracking(
    String utmCampaign,
    String utmSource,
    String utmMedium,
    String utmContent,
    String utmTerm,
    String salesforceUuid) {

  /** No tracking parameters. */
  public static final Tracking NONE = new Tracking(null, null, null, null, null, null);
}
