package io.liftwatch.common.registry;

import io.liftwatch.common.db.Transactions;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the registry tables. Imports are upserts in one transaction, parents before
 * children, so a file can be loaded again after editing and a failed import changes nothing.
 */
public final class RegistryStore {
    private final DataSource dataSource;

    public RegistryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static final String UPSERT_ORGANISATION = """
            INSERT INTO organisation (id, name, kind, phone) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, phone = excluded.phone""";
    private static final String UPSERT_STAIRWELL = """
            INSERT INTO stairwell (id, address, district_code, street, community, grid_cell, building, unit)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET address = excluded.address, district_code = excluded.district_code,
                street = excluded.street, community = excluded.community, grid_cell = excluded.grid_cell,
                building = excluded.building, unit = excluded.unit""";
    private static final String UPSERT_LIFT = """
            INSERT INTO lift (id, stairwell_id, emergency_id, use_cert_no, model, floor_labels, rated_load_kg,
                              rated_speed_ms, maintainer_id, use_unit_id, service_start)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET stairwell_id = excluded.stairwell_id, emergency_id = excluded.emergency_id,
                use_cert_no = excluded.use_cert_no, model = excluded.model, floor_labels = excluded.floor_labels,
                rated_load_kg = excluded.rated_load_kg, rated_speed_ms = excluded.rated_speed_ms,
                maintainer_id = excluded.maintainer_id, use_unit_id = excluded.use_unit_id,
                service_start = excluded.service_start""";
    private static final String UPSERT_HOUSEHOLD = """
            INSERT INTO household (id, stairwell_id, flat, floor, area_m2, residents) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET stairwell_id = excluded.stairwell_id, flat = excluded.flat,
                floor = excluded.floor, area_m2 = excluded.area_m2, residents = excluded.residents""";
    private static final String UPSERT_CARD = """
            INSERT INTO card (id, household_id, valid_from, valid_to) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET household_id = excluded.household_id, valid_from = excluded.valid_from,
                valid_to = excluded.valid_to""";

    /** Inserts or updates everything in the document; all or nothing. */
    public void upsert(Registry registry) throws SQLException {
        Transactions.inTransaction(dataSource, connection -> {
            batch(connection, UPSERT_ORGANISATION, registry.organisations(), (s, o) -> {
                s.setString(1, o.id());
                s.setString(2, o.name());
                s.setString(3, o.kind());
                s.setString(4, o.phone());
            });
            batch(connection, UPSERT_STAIRWELL, registry.stairwells(), (s, w) -> {
                s.setString(1, w.id());
                s.setString(2, w.address());
                s.setString(3, w.districtCode());
                s.setString(4, w.street());
                s.setString(5, w.community());
                s.setString(6, w.gridCell());
                s.setString(7, w.building());
                s.setString(8, w.unit());
            });
            batch(connection, UPSERT_LIFT, registry.lifts(), (s, l) -> {
                s.setString(1, l.id());
                s.setString(2, l.stairwellId());
                s.setString(3, l.emergencyId());
                s.setString(4, l.useCertNo());
                s.setString(5, l.model());
                s.setArray(6, connection.createArrayOf("text", l.floorLabels().toArray()));
                setInteger(s, 7, l.ratedLoadKg());
                s.setBigDecimal(8, l.ratedSpeedMs());
                s.setString(9, l.maintainerId());
                s.setString(10, l.useUnitId());
                setDate(s, 11, l.serviceStart());
            });
            batch(connection, UPSERT_HOUSEHOLD, registry.households(), (s, h) -> {
                s.setString(1, h.id());
                s.setString(2, h.stairwellId());
                s.setString(3, h.flat());
                s.setString(4, h.floor());
                s.setBigDecimal(5, h.areaM2());
                setInteger(s, 6, h.residents());
            });
            batch(connection, UPSERT_CARD, registry.cards(), (s, c) -> {
                s.setString(1, c.id());
                s.setString(2, c.householdId());
                setDate(s, 3, c.validFrom());
                setDate(s, 4, c.validTo());
            });
            return null;
        });
    }

    /** The whole registry, ordered by id within each part. */
    public Registry load() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return new Registry(
                    query(connection, "SELECT id, name, kind, phone FROM organisation ORDER BY id",
                            r -> new Organisation(r.getString(1), r.getString(2), r.getString(3), r.getString(4))),
                    query(connection, "SELECT id, address, district_code, street, community, grid_cell, building, unit"
                                    + " FROM stairwell ORDER BY id",
                            r -> new Stairwell(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                    r.getString(5), r.getString(6), r.getString(7), r.getString(8))),
                    query(connection, "SELECT id, stairwell_id, emergency_id, use_cert_no, model, floor_labels,"
                                    + " rated_load_kg, rated_speed_ms, maintainer_id, use_unit_id, service_start"
                                    + " FROM lift ORDER BY id", RegistryStore::lift),
                    query(connection, "SELECT id, stairwell_id, flat, floor, area_m2, residents FROM household ORDER BY id",
                            r -> new Household(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                    r.getBigDecimal(5), (Integer) r.getObject(6))),
                    query(connection, "SELECT id, household_id, valid_from, valid_to FROM card ORDER BY id",
                            r -> new Card(r.getString(1), r.getString(2), localDate(r.getDate(3)),
                                    localDate(r.getDate(4)))));
        }
    }

    private static Lift lift(ResultSet r) throws SQLException {
        Array labels = r.getArray(6);
        return new Lift(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                List.of((String[]) labels.getArray()), (Integer) r.getObject(7),
                r.getBigDecimal(8),
                r.getString(9), r.getString(10), localDate(r.getDate(11)));
    }

    interface Binder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private static <T> void batch(Connection connection, String sql, List<T> items, Binder<T> binder)
            throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(statement, item);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            List<T> items = new ArrayList<>();
            while (rows.next()) {
                items.add(mapper.map(rows));
            }
            return items;
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static void setDate(PreparedStatement statement, int index, LocalDate value) throws SQLException {
        statement.setDate(index, value == null ? null : Date.valueOf(value));
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
