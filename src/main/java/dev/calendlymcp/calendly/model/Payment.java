package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.math.BigDecimal;

/**
 * What an invitee paid to book.
 *
 * @param externalId the payment's ID at the provider
 * @param provider who processed it
 * @param amount the amount, in {@code currency}
 * @param currency ISO 4217 code, e.g. {@code USD}
 * @param terms the payment terms the invitee agreed to
 * @param successful whether the payment went through
 */
public record Payment(
    String externalId,
    Provider provider,
    BigDecimal amount,
    String currency,
    String terms,
    Boolean successful) {

  /** The payment processors Calendly integrates with. */
  public enum Provider {
    STRIPE,
    PAYPAL,
    /** A provider Calendly added after this client was written. */
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
