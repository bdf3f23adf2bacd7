package dev.calendlymcp.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BudgetKeyTest {

  private static final String USER = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";

  @Test
  void theSameUserAlwaysGetsTheSameKey() {
    assertThat(BudgetKey.ofUser(USER)).isEqualTo(BudgetKey.ofUser(USER));
  }

  @Test
  void aKeyIsAHashThatDoesNotContainWhatItWasMadeFrom() {
    BudgetKey key = BudgetKey.ofTokenFingerprint("0123456789abcdef");

    assertThat(key.value()).matches("token:[0-9a-f]{16}").doesNotContain("0123456789abcdef");
    assertThat(BudgetKey.ofUser(USER).value()).matches("user:[0-9a-f]{16}").doesNotContain("AAAA");
  }

  @Test
  void aUserKeyAndATokenKeyNeverCoincide() {
    assertThat(BudgetKey.ofUser("x")).isNotEqualTo(BudgetKey.ofTokenFingerprint("x"));
  }

  @Test
  void aRawTokenIsRefusedAsAKeyWithoutBeingEchoed() {
    String token =
        "eyJraWQiOiIxY2UxZTEzNjE3ZGNmNzY2YjNjZWJjY2Y4ZGM1YmFmYThhNjVlNjg0MDIzZjdjMzJiZTgzNDliMjM4MDEzNWI0";

    assertThatThrownBy(() -> new BudgetKey(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(token)
        .hasMessageContaining("BudgetKey.ofUser");
  }

  @Test
  void aBlankUserUriIsRefusedNamingTheField() {
    assertThatThrownBy(() -> BudgetKey.ofUser(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("userUri must not be blank");
  }
}
