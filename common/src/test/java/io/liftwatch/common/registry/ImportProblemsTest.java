package io.liftwatch.common.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ImportProblemsTest {
    @Test
    void aCsvFilesProblemsAreNamedByLineAndColumnInLineOrder() {
        ImportProblems problems = ImportProblems.ofCsv();
        Object lift = new Object();
        problems.add(4, new RegistryFormatException("line 4", "floorLabels[1]", ImportReason.badFloorLabel()));
        problems.locate(lift, 2, "line 2");
        problems.add(lift, "maintainerId", ImportReason.unknown("organisation", "mc-x"));

        assertThat(problems.kept()).extracting(p -> p.line() + " " + p.field())
                .containsExactly("2 maintainer_id", "4 floor_labels");
        assertThat(problems.summary()).startsWith("2 entries have problems; the first: line 2.maintainer_id names");
    }

    @Test
    void eachProblemCarriesACodeAndItsParametersBesideTheEnglishReason() {
        ImportProblems problems = ImportProblems.ofCsv();
        Object household = new Object();
        problems.locate(household, 3, "line 3");
        problems.add(household, "stairwellId", ImportReason.unknown("stairwell", "sw-nowhere"));
        problems.add(4, new RegistryFormatException("line 4", "floorLabels[0]", ImportReason.badFloorLabel()));
        problems.add(5, new RegistryFormatException("line 5", "id", RegistrationCode.reason("31103201162023130042")));

        JsonArray answer = problems.toJson().getJsonArray("problems");
        assertThat(answer.getJsonObject(0).getMap()).containsEntry("code", "unknown_stairwell")
                .containsEntry("reason", "names stairwell 'sw-nowhere', which is neither in the file nor registered");
        assertThat(answer.getJsonObject(0).getJsonObject("params").getMap()).containsExactly(entry("value", "sw-nowhere"));
        assertThat(answer.getJsonObject(1).getString("code")).isEqualTo("bad_floor_label");
        assertThat(answer.getJsonObject(1).getJsonObject("params").getMap()).containsOnly(entry("min", 1), entry("max", 8));
        assertThat(answer.getJsonObject(2).getString("code")).isEqualTo("bad_registration_month");
        assertThat(answer.getJsonObject(2).getJsonObject("params").getMap())
                .containsOnly(entry("value", "31103201162023130042"), entry("month", "13"));
    }

    @Test
    void aJsonDocumentsProblemsKeepTheirFieldNamesAndOrder() {
        ImportProblems problems = ImportProblems.ofJson();
        problems.add(null, new RegistryFormatException("lifts[3]", "ratedLoadKg", ImportReason.notWholeNumber()));
        problems.add(null, new RegistryFormatException("cards[0]", null, ImportReason.notAnObject()));

        assertThat(problems.kept()).extracting(ImportProblems.Problem::sentence)
                .containsExactly("lifts[3].ratedLoadKg must be a whole number", "cards[0] must be an object");
        assertThat(problems.summary()).isEqualTo("2 entries have problems; the first: lifts[3].ratedLoadKg must be a whole number");
    }

    @Test
    void keepsTheFirstThousandAndCountsThemAll() {
        ImportProblems problems = ImportProblems.ofCsv();
        for (int line = 2; line < 2502; line++) {
            problems.add(line, new RegistryFormatException("line " + line, "validFrom", ImportReason.notADate()));
        }

        JsonObject answer = problems.toJson();
        assertThat(answer.getJsonArray("problems")).hasSize(ImportProblems.CAP);
        assertThat(answer.getInteger("problemCount")).isEqualTo(2500);
        assertThat(answer.getBoolean("problemsTruncated")).isTrue();
        assertThat(problems.isEmpty()).isFalse();
        assertThat(ImportProblems.ofJson().toJson().getInteger("problemCount")).isZero();
    }
}
