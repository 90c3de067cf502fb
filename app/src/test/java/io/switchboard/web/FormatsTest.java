package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void pricesPerMillionAreExactAndNameTheSpecialCases() {
        assertThat(Formats.perMillion(new BigDecimal("0.00000015"))).isEqualTo("$0.15/M");
        assertThat(Formats.perMillion(new BigDecimal("0.0000025"))).isEqualTo("$2.50/M");
        assertThat(Formats.perMillion(new BigDecimal("0.00003"))).isEqualTo("$30/M");
        assertThat(Formats.perMillion(new BigDecimal("0.000000075"))).isEqualTo("$0.075/M");
        assertThat(Formats.perMillion(new BigDecimal("0.000000000001"))).isEqualTo("$0.000001/M");
        assertThat(Formats.perMillion(BigDecimal.ZERO)).isEqualTo("Free");
        assertThat(Formats.perMillion(new BigDecimal("-1"))).isEqualTo("Varies");
        assertThat(Formats.perMillion(null)).isEqualTo("–");
    }

    @Test
    void dollarsUseAsManyDecimalsAsNeededAndNeverExponents() {
        assertThat(Formats.usd(new BigDecimal("3"))).isEqualTo("$3");
        assertThat(Formats.usd(new BigDecimal("3.10"))).isEqualTo("$3.10");
        assertThat(Formats.usd(new BigDecimal("1234.5"))).isEqualTo("$1,234.50");
        assertThat(Formats.usd(new BigDecimal("0.15"))).isEqualTo("$0.15");
        assertThat(Formats.usd(new BigDecimal("0.000123"))).isEqualTo("$0.000123");
        assertThat(Formats.usd(new BigDecimal("1E-7"))).isEqualTo("<$0.000001");
        assertThat(Formats.usd(new BigDecimal("-0.5"))).isEqualTo("-$0.50");
        assertThat(Formats.usd(BigDecimal.ZERO)).isEqualTo("$0");
        assertThat(Formats.balance(new BigDecimal("10"))).isEqualTo("$10.00");
        assertThat(Formats.balance(new BigDecimal("0.0001"))).isEqualTo("$0.0001");
    }

    @Test
    void countsShortenAtEachThousandWithoutShowingOneThousandOfAUnit() {
        assertThat(Formats.count(0)).isEqualTo("0");
        assertThat(Formats.count(999)).isEqualTo("999");
        assertThat(Formats.count(1_000)).isEqualTo("1K");
        assertThat(Formats.count(1_234)).isEqualTo("1.2K");
        assertThat(Formats.count(123_456)).isEqualTo("123K");
        assertThat(Formats.count(999_950)).isEqualTo("1M");
        assertThat(Formats.count(34_000_000)).isEqualTo("34M");
        assertThat(Formats.count(1_100_000_000)).isEqualTo("1.1B");
        assertThat(Formats.count(-1_500)).isEqualTo("-1.5K");
        assertThat(Formats.count(Long.MAX_VALUE)).endsWith("T");
    }

    @Test
    void contextLengthsKeepTheirPublishedPrecision() {
        assertThat(Formats.tokens(8_192)).isEqualTo("8.2K");
        assertThat(Formats.tokens(128_000)).isEqualTo("128K");
        assertThat(Formats.tokens(131_072)).isEqualTo("131K");
        assertThat(Formats.tokens(1_048_576)).isEqualTo("1M");
        assertThat(Formats.tokens(1_050_000)).isEqualTo("1.05M");
        assertThat(Formats.tokens(2_000_000)).isEqualTo("2M");
    }

    @Test
    void percentagesNeverRoundUpToAPerfectScore() {
        assertThat(Formats.percent(1.0)).isEqualTo("100%");
        assertThat(Formats.percent(0.99999)).isEqualTo("99.9%");
        assertThat(Formats.percent(0.998)).isEqualTo("99.8%");
        assertThat(Formats.percent(0.0)).isEqualTo("0.0%");
        assertThat(Formats.percent(null)).isEqualTo("–");
    }

    @Test
    void latencyAndThroughputSwitchUnitsWhereTheyRound() {
        assertThat(Formats.millis(420.4)).isEqualTo("420ms");
        assertThat(Formats.millis(999.4)).isEqualTo("999ms");
        assertThat(Formats.millis(999.6)).isEqualTo("1.00s");
        assertThat(Formats.millis(1_250.0)).isEqualTo("1.25s");
        assertThat(Formats.millis(null)).isEqualTo("–");
        assertThat(Formats.throughput(85.0)).isEqualTo("85 tok/s");
        assertThat(Formats.throughput(7.5)).isEqualTo("7.5 tok/s");
        assertThat(Formats.throughput(99.96)).isEqualTo("100 tok/s");
        assertThat(Formats.throughput(1234.4)).isEqualTo("1234 tok/s");
        assertThat(Formats.throughput(null)).isEqualTo("–");
    }

    @Test
    void datesAreUtc() {
        assertThat(Formats.date(Instant.parse("2025-08-07T23:59:59Z"))).isEqualTo("Aug 7, 2025");
        assertThat(Formats.dateOfEpochSecond(0)).isEqualTo("Jan 1, 1970");
        assertThat(Formats.day(LocalDate.parse("2026-11-05"))).isEqualTo("Nov 5");
        assertThat(Formats.date(null)).isEqualTo("–");
    }
}
