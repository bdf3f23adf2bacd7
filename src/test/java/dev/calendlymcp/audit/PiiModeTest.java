package dev.calendlymcp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PiiModeTest {

  @Test
  void eachModeKeepsWhatItsNameSays() {
    assertThat(PiiMode.KEEP.email("jane@example.com")).isEqualTo("jane@example.com");
    assertThat(PiiMode.MASK.email("jane@example.com")).isEqualTo("j***@example.com");
    assertThat(PiiMode.HASH.email("Jane@Example.com")).isEqualTo(PiiMode.HASH.email("jane@example.com"))
        .startsWith("sha256:").hasSize("sha256:".length() + 16).doesNotContain("jane");
    assertThat(PiiMode.DROP.email("jane@example.com")).isEmpty();
    assertThat(PiiMode.MASK.name("Jane Doe")).isEqualTo("J***");
    assertThat(PiiMode.DROP.name("Jane Doe")).isEmpty();
  }

  @Test
  void addressesInsideErrorTextAreTreatedLikeTheEmailField() {
    String text = "No invitee jane.doe+x@example.co.uk on that event.";

    assertThat(PiiMode.MASK.scrub(text)).isEqualTo("No invitee j***@example.co.uk on that event.");
    assertThat(PiiMode.DROP.scrub(text)).isEqualTo("No invitee (address withheld) on that event.");
    assertThat(PiiMode.KEEP.scrub(text)).isEqualTo(text);
  }

  @Test
  void anUnknownModeIsRefusedWithTheValidOnes() {
    assertThatThrownBy(() -> PiiMode.fromWire("blur")).hasMessage("unknown audit PII mode 'blur'; valid: keep, mask, hash, drop");
  }
}
