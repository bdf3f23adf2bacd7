package dev.calendlymcp.calendly.model;

/**
 * Marketing attribution of a booking: the UTM parameters of the booking link and a Salesforce
 * record ID. Read from invitees and optionally sent when booking; every field may be null.
 */
public record Tracking(
    String utmCampaign,
    String utmSource,
    String utmMedium,
    String utmContent,
    String utmTerm,
    String salesforceUuid) {}
