-- 0012: the helpdesk's service status as the status monitor last found it,
-- one row per connector. One replica (or, on SQLite, each process) checks
-- the helpdesk and writes its row; every replica reads it from here, so
-- check_service_hours, requests and /readyz agree across replicas.

CREATE TABLE helpdesk_status (
    connector    TEXT    NOT NULL PRIMARY KEY,
    status       TEXT    NOT NULL,
    checked_at   TEXT    NOT NULL,
    error        TEXT    NOT NULL DEFAULT '',
    config_error INTEGER NOT NULL DEFAULT 0  -- 1: the helpdesk refused the credentials or configuration
) STRICT;
