package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void aNumberIsTheSameIdWhetherItWasReadAsAnIntegerALongOrABigInteger() {
    assertThat(RequestIds.key(7)).isEqualTo(RequestIds.key(7L)).isEqualTo(RequestIds.key(BigInteger.valueOf(7)));
    assertThat(RequestIds.key(Long.MAX_VALUE)).isEqualTo(RequestIds.key(BigInteger.valueOf(Long.MAX_VALUE)));
  }

  @Test
  void aNumberAndTheStringOfItAreDifferentIds() {
    assertThat(RequestIds.key(7)).isNotEqualTo(RequestIds.key("7"));
  }

  @Test
  void aFractionIsNoRequestIdAndMatchesNoInteger() {
    assertThat(RequestIds.key(new BigDecimal("7.5"))).isNotEqualTo(RequestIds.key(7));
  }
}
