package io.liftwatch.common.registry;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImportProblemsTest {
    @Test
    void aCsvFilesProblemsAreNamedByLineAndColumnInLineOrder() {
        ImportProblems problems = ImportProblems.ofCsv();
        Object lift = new Object();
        problems.add(4, new RegistryFormatException("line 4", "floorLabels[1]", "must be a distinct label of 1..8 characters"));
        problems.locate(lift, 2, "line 2");
        problems.add(lift, "maintainerId", "names organisation 'mc-x', which is neither in the file nor registered");

        assertThat(problems.kept()).extracting(p -> p.line() + " " + p.field())
                .containsExactly("2 maintainer_id", "4 floor_labels");
        assertThat(problems.summary()).startsWith("2 entries have problems; the first: line 2.maintainer_id names");
    }

    @Test
    void aJsonDocumentsProblemsKeepTheirFieldNamesAndOrder() {
        ImportProblems problems = ImportProblems.ofJson();
        problems.add(null, new RegistryFormatException("lifts[3]", "ratedLoadKg", "must be a whole number"));
        problems.add(null, new RegistryFormatException("cards[0]", null, "must be an object"));

        assertThat(problems.kept()).extracting(ImportProblems.Problem::sentence)
                .containsExactly("lifts[3].ratedLoadKg must be a whole number", "cards[0] must be an object");
        assertThat(problems.summary()).isEqualTo("2 entries have problems; the first: lifts[3].ratedLoadKg must be a whole number");
    }

    @Test
    void keepsTheFirstThousandAndCountsThemAll() {
        ImportProblems problems = ImportProblems.ofCsv();
        for (int line = 2; line < 2502; line++) {
            problems.add(line, new RegistryFormatException("line " + line, "validFrom", "must be a date like 2024-05-01"));
        }

        JsonObject answer = problems.toJson();
        assertThat(answer.getJsonArray("problems")).hasSize(ImportProblems.CAP);
        assertThat(answer.getInteger("problemCount")).isEqualTo(2500);
        assertThat(answer.getBoolean("problemsTruncated")).isTrue();
        assertThat(problems.isEmpty()).isFalse();
        assertThat(ImportProblems.ofJson().toJson().getInteger("problemCount")).isZero();
    }
}
