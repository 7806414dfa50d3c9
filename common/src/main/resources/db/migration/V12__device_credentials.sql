-- Each lift's MQTT password, as a hash in Mosquitto's password-file format (PBKDF2-SHA512). The
-- password itself is shown once, when issued. Written by the API; read to generate the broker's files.
CREATE TABLE device_credential (
    lift_id       text COLLATE "C" PRIMARY KEY REFERENCES lift (id) ON DELETE CASCADE,
    password_hash text NOT NULL,
    issued_by     text NOT NULL,
    issued_at     timestamptz NOT NULL DEFAULT now()
);
