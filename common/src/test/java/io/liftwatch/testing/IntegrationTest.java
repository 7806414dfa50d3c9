package io.liftwatch.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that needs a real service (PostgreSQL, Mosquitto, Chromium, a service process): it runs in
 * {@code mvn verify} (Failsafe), not in {@code mvn test}, which stays quick and needs nothing installed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
public @interface IntegrationTest {
}
