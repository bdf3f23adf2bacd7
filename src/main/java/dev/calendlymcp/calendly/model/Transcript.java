package dev.calendlymcp.calendly.model;

import java.net.URI;

/** The plain-text transcript of a recapped meeting. */
public record Transcript(URI meetingRecap, String text) {}
