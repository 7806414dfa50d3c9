package io.liftwatch.alerts;

/**
 * An HTTP endpoint alarm events are pushed to, with the secret that signs what it receives
 * ({@link PushSignature}). Every webhook has its own secret and the city feed another, so no receiver
 * can forge what another receives.
 */
public record PushTarget(String url, String secret) {

    /** Never prints the secret (records print every field, and configurations end up in logs). */
    @Override
    public String toString() {
        return url;
    }
}
