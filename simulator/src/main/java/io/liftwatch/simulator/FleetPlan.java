package io.liftwatch.simulator;

import io.liftwatch.common.registry.Card;
import io.liftwatch.common.registry.Household;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Organisation;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.Stairwell;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The registry of a simulated fleet, made deterministically from a seed: one retrofit lift per
 * stairwell, 6 or 7 stops, two flats per floor from the second floor up, one or two cards per flat.
 * Lifts are spread over streets, communities and grid cells of one district.
 */
public final class FleetPlan {
    public static final String DISTRICT = "320116";
    private static final String[] STREETS = {"Dongshan", "Moling", "Qilin", "Tangshan"};

    private FleetPlan() {
    }

    public static Registry generate(int lifts, long seed) {
        Random random = new Random(seed);
        List<Organisation> organisations = List.of(
                new Organisation("mc-anjia", "Anjia Lift Maintenance Co.", "maintenance", "025-5000-0001"),
                new Organisation("mc-tongda", "Tongda Elevator Service", "maintenance", "025-5000-0002"),
                new Organisation("pm-greenfield", "Greenfield Property Services", "property", "025-6000-0001"),
                new Organisation("pm-residents-42", "Residents' Committee Block 42", "property", null),
                new Organisation("bureau-jiangning", "Jiangning Market Regulation Bureau", "bureau", "12345"));
        List<Stairwell> stairwells = new ArrayList<>();
        List<Lift> liftList = new ArrayList<>();
        List<Household> households = new ArrayList<>();
        List<Card> cards = new ArrayList<>();
        for (int i = 0; i < lifts; i++) {
            String street = STREETS[i % STREETS.length];
            String community = street + "-C" + (i / STREETS.length % 5 + 1);
            String grid = community + "-G" + (i / (STREETS.length * 5) % 4 + 1);
            int building = i / 3 + 1;
            int unit = i % 3 + 1;
            String stairwellId = "sw-" + (i + 1);
            stairwells.add(new Stairwell(stairwellId, building + " " + street + " Road, unit " + unit, DISTRICT,
                    street, community, grid, "B" + building, String.valueOf(unit)));
            int stops = random.nextInt(4) == 0 ? 7 : 6;
            List<String> labels = new ArrayList<>();
            for (int f = 1; f <= stops; f++) {
                labels.add(String.valueOf(f));
            }
            liftList.add(new Lift(liftId(i), stairwellId, "E" + (10000 + i), "UC" + (20230000 + i), "RETRO-630",
                    labels, 630, new BigDecimal("1.00"), i % 2 == 0 ? "mc-anjia" : "mc-tongda",
                    i % 5 == 0 ? "pm-residents-42" : "pm-greenfield", LocalDate.of(2023, 5, 1).plusDays(i % 300)));
            for (int floor = 2; floor <= stops; floor++) {
                for (int flat = 1; flat <= 2; flat++) {
                    String flatNo = floor + "0" + flat;
                    String householdId = stairwellId + "-" + flatNo;
                    households.add(new Household(householdId, stairwellId, flatNo, String.valueOf(floor),
                            new BigDecimal(70 + random.nextInt(50) + ".50"), 1 + random.nextInt(4)));
                    int cardCount = 1 + random.nextInt(2);
                    for (int c = 0; c < cardCount; c++) {
                        cards.add(new Card("C" + (i + 1) + "-" + flatNo + "-" + (c + 1), householdId,
                                LocalDate.of(2023, 5, 1), null));
                    }
                }
            }
        }
        return new Registry(organisations, stairwells, liftList, households, cards);
    }

    /**
     * 3110 (traction passenger lift) + district + registration year-month + sequence 0001–9999: a valid
     * GB/T 24476-2023 code. 9,999 lifts to a month, from January 2023 on.
     */
    static String liftId(int index) {
        int month = index / 9_999;
        return String.format("3110%s%04d%02d%04d", DISTRICT, 2023 + month / 12, month % 12 + 1, index % 9_999 + 1);
    }
}
