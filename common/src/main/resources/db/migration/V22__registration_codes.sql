-- Lift registration codes as GB/T 24476-2023 numbers them: category 3xxx (a lift), a six-digit area
-- code, registration year and month 01-12, sequence 0001-9999. The API refuses other codes as they are
-- registered; this holds every new row to the same. NOT VALID keeps lifts registered before the check.
ALTER TABLE lift ADD CONSTRAINT lift_registration_code_check
    CHECK (id ~ '^3[0-9]{3}[0-9]{6}[0-9]{4}(0[1-9]|1[0-2])[0-9]{4}$' AND substr(id, 5, 6) <> '000000'
           AND substr(id, 17, 4) <> '0000') NOT VALID;
