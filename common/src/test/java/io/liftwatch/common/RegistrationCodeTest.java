package io.liftwatch.common;

import io.liftwatch.common.registry.RegistrationCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Registration codes as GB/T 24476-2023 numbers lifts: each part checked, each refusal naming the part. */
class RegistrationCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"31103201162023050042", "31203201162023120001", "32003101011999019999"})
    void acceptsLiftCodes(String code) {
        assertThat(RegistrationCode.problem(code)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sequence 0000      | 31103201162023010000 | sequence 0000",
            "month 13           | 31103201162023130042 | registration month 13",
            "month 00           | 31103201162023000042 | registration month 00",
            "a boiler, not lift | 11103201162023050042 | equipment category 1110",
            "no area code       | 31100000002023050042 | area code",
            "19 digits          | 3110320116202305004  | not a 20-digit registration code",
            "letters            | 3110320116202305004X | not a 20-digit registration code",
            "21 digits          | 311032011620230500420 | not a 20-digit registration code",
            "full-width digits  | ３１１０３２０１１６２０２３０５００４２ | not a 20-digit registration code",
            "a sign             | -1103201162023050042 | not a 20-digit registration code",
    })
    void refusesNamingThePart(String name, String code, String phrase) {
        assertThat(RegistrationCode.problem(code)).contains(phrase);
        assertThat(RegistrationCode.isValid(code)).isFalse();
    }
}
