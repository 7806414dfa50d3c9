package io.liftwatch.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HttpHardeningTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/stairwells/sw-1/%2e%2e/sw-2/fund", "/api/v1/stairwells/sw-1/%2E%2E/sw-2/fund",
            "/api/v1/stairwells/sw-1%2f..%2fsw-2/fund", "/api/v1/lifts/%5c..", "/api/v1//lifts",
            "/api/v1/lifts;x=1", "/api/v1/lifts\\..", "/api/v1/lifts/%252e%252e"})
    void encodedOrDoubledSeparatorsAreAmbiguous(String raw) {
        assertThat(HttpHardening.ambiguity(raw, raw)).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({"/api/v1/stairwells/sw-1/../../accounts/root/tokens,/api/v1/accounts/root/tokens",
            "/api/v1/./lifts,/api/v1/lifts"})
    void dotSegmentsAreAmbiguous(String raw, String normalized) {
        assertThat(HttpHardening.ambiguity(raw, normalized)).isEqualTo("contains dot segments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/lifts/31103201162023050042/runs", "/api/v1/stairwells/%E5%B9%B8%E7%A6%8F-1/fund",
            "/dashboard/", "/api/v1/registry/lifts.csv"})
    void plainPathsPass(String raw) {
        assertThat(HttpHardening.ambiguity(raw, raw)).isNull();
    }
}
