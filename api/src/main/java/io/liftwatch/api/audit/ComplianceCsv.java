package io.liftwatch.api.audit;

import io.liftwatch.api.Csv;
import io.liftwatch.api.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Compliance findings as a bureau files them: one row per finding, in the reader's language. */
final class ComplianceCsv {
    private static final List<String> COLUMNS = List.of("registration_code", "stairwell", "district", "street",
            "community", "grid_cell", "address", "maintainer", "finding", "detail");

    private ComplianceCsv() {
    }

    static String write(JsonArray findings, Texts texts) {
        List<List<String>> rows = new ArrayList<>();
        for (Object o : findings) {
            JsonObject f = (JsonObject) o;
            String code = f.getString("finding");
            rows.add(List.of(f.getString("liftId"), f.getString("stairwellId"), f.getString("districtCode"),
                    f.getString("street"), f.getString("community"), f.getString("gridCell"), f.getString("address"),
                    String.valueOf(f.getString("maintainerId")), texts.get("finding.named", texts.getOr("finding." + code, code), code),
                    texts.findingText(code, f.getJsonArray("args"))));
        }
        return Csv.write(COLUMNS.stream().map(c -> texts.get("compliance.column." + c)).toList(), rows);
    }
}
