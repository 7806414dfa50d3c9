package io.liftwatch.common.config;

import io.liftwatch.common.config.DbConfig.Service;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbConfigTest {

    @Test
    void aServiceLogsInAsItsOwnRoleAndMigratesAsTheOwner() {
        DbConfig ingest = DbConfig.forService(new Env(Map.of("LIFTWATCH_DB_OWNER_USER", "liftwatch",
                "LIFTWATCH_DB_OWNER_PASSWORD", "owner-secret", "LIFTWATCH_INGEST_DB_PASSWORD", "ingest-secret")),
                Service.INGEST);

        assertThat(ingest.user()).isEqualTo("lw_ingest");
        assertThat(ingest.password()).isEqualTo("ingest-secret");
        assertThat(ingest.migrates()).isTrue();
        assertThat(ingest.asOwner().user()).isEqualTo("liftwatch");
        assertThat(ingest.asOwner().password()).isEqualTo("owner-secret");
    }

    @Test
    void withMigrationOffAServiceHoldsNoOwnerPassword() {
        DbConfig api = DbConfig.forService(new Env(Map.of("LIFTWATCH_DB_MIGRATE", "off",
                "LIFTWATCH_API_DB_USER", "api_prod")), Service.API);

        assertThat(api.user()).isEqualTo("api_prod");
        assertThat(api.owner()).isNull();
        assertThatThrownBy(api::asOwner).hasMessageContaining("LIFTWATCH_DB_MIGRATE=off");
    }

    @Test
    void theFormerSingleLoginIsTheOwner() {
        Env env = new Env(Map.of("LIFTWATCH_DB_USER", "liftwatch", "LIFTWATCH_DB_PASSWORD", "pw"));

        assertThat(DbConfig.from(env).user()).isEqualTo("liftwatch");
        assertThat(DbConfig.forService(env, Service.ALERTS).asOwner().user()).isEqualTo("liftwatch");
        assertThat(DbConfig.forService(env, Service.ALERTS).user()).isEqualTo("lw_alerts");
    }

    @Test
    void refusesAServiceLoggingInAsTheOwnerAndLoginsHiddenInTheUrl() {
        assertThatThrownBy(() -> DbConfig.forService(new Env(Map.of("LIFTWATCH_DB_OWNER_USER", "liftwatch",
                "LIFTWATCH_API_DB_USER", "liftwatch")), Service.API))
                .hasMessageContaining("LIFTWATCH_API_DB_USER").hasMessageContaining("liftwatch_api");
        assertThatThrownBy(() -> DbConfig.forService(new Env(Map.of("LIFTWATCH_DB_URL",
                "jdbc:postgresql://db/liftwatch?user=postgres")), Service.INGEST))
                .hasMessageContaining("must not carry a user");
        assertThatThrownBy(() -> DbConfig.forService(new Env(Map.of("LIFTWATCH_DB_MIGRATE", "yes")), Service.INGEST))
                .hasMessageContaining("LIFTWATCH_DB_MIGRATE");
    }
}
