"""Versioned schema of the register.

``MIGRATIONS[n]`` takes a register from version ``n`` to ``n + 1``; the version
lives in ``PRAGMA user_version``. Never edit a migration that has shipped: add
a new one.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 0 -> 1: the core register
    """
    CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL UNIQUE,
        title TEXT NOT NULL,
        params TEXT NOT NULL
    );
    CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL DEFAULT '区'
    );
    CREATE TABLE enterprises (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        credit_code TEXT,
        unit_id INTEGER REFERENCES units(id)
    );
    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        id_number TEXT UNIQUE,
        card_number TEXT,
        phone TEXT,
        frontline INTEGER,
        enterprise_id INTEGER REFERENCES enterprises(id)
    );
    CREATE INDEX people_name ON people(name);
    CREATE TABLE patent_applications (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        seq INTEGER,
        unit_id INTEGER REFERENCES units(id),
        enterprise_id INTEGER REFERENCES enterprises(id),
        person_id INTEGER REFERENCES people(id),
        title TEXT NOT NULL DEFAULT '',
        patent_number_raw TEXT NOT NULL DEFAULT '',
        patent_number TEXT,
        grant_date TEXT,
        service_invention INTEGER,
        applied_in_production INTEGER,
        industry TEXT,
        remarks TEXT NOT NULL DEFAULT '',
        received_date TEXT,
        materials TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'registered',
        status_reason TEXT NOT NULL DEFAULT '',
        award_fen INTEGER,
        approved_date TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX patent_campaign ON patent_applications(campaign_id, status);
    CREATE INDEX patent_number ON patent_applications(patent_number);
    CREATE INDEX patent_person ON patent_applications(person_id);
    CREATE TABLE studios (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        level TEXT NOT NULL CHECK (level IN ('city', 'district')),
        model_studio INTEGER NOT NULL DEFAULT 0,
        unit_id INTEGER REFERENCES units(id),
        enterprise_id INTEGER REFERENCES enterprises(id),
        leader TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE studio_awards (
        id INTEGER PRIMARY KEY,
        studio_id INTEGER NOT NULL REFERENCES studios(id) ON DELETE CASCADE,
        year INTEGER NOT NULL,
        project_title TEXT NOT NULL DEFAULT '',
        award_fen INTEGER NOT NULL DEFAULT 0,
        accepted INTEGER NOT NULL DEFAULT 0,
        accepted_date TEXT
    );
    CREATE TABLE project_applications (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        seq INTEGER,
        unit_id INTEGER REFERENCES units(id),
        studio_id INTEGER REFERENCES studios(id),
        title TEXT NOT NULL DEFAULT '',
        leader TEXT NOT NULL DEFAULT '',
        approval_date TEXT,
        startup_funds_paid INTEGER,
        planned_completion TEXT,
        total_budget_fen INTEGER,
        requested_fen INTEGER,
        contact_name TEXT NOT NULL DEFAULT '',
        contact_phone TEXT NOT NULL DEFAULT '',
        industry TEXT,
        remarks TEXT NOT NULL DEFAULT '',
        received_date TEXT,
        materials TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'registered',
        status_reason TEXT NOT NULL DEFAULT '',
        award_fen INTEGER,
        approved_date TEXT,
        accepted_date TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX project_campaign ON project_applications(campaign_id, status);
    CREATE INDEX project_studio ON project_applications(studio_id);
    CREATE TABLE status_history (
        id INTEGER PRIMARY KEY,
        stream TEXT NOT NULL CHECK (stream IN ('patent', 'project')),
        application_id INTEGER NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        operator TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX status_history_app ON status_history(stream, application_id);
    CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        before TEXT,
        after TEXT
    );
    CREATE INDEX audit_entity ON audit_events(entity, entity_id);
    """,
    # 1 -> 2: payments per payer and tranche
    """
    CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        stream TEXT NOT NULL CHECK (stream IN ('patent', 'project')),
        application_id INTEGER NOT NULL,
        tranche INTEGER NOT NULL,
        payer TEXT NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
        due_date TEXT,
        paid_date TEXT,
        voucher TEXT NOT NULL DEFAULT '',
        UNIQUE (stream, application_id, tranche, payer)
    );
    """,
    # 2 -> 3: a search key per application (name, number, unit, studio, title)
    # so the register view filters on one column, and the rules' last verdict
    # stored beside it so views sort and filter by eligibility in SQL.
    """
    ALTER TABLE patent_applications ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE project_applications ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE patent_applications ADD COLUMN eligible INTEGER;
    ALTER TABLE project_applications ADD COLUMN eligible INTEGER;
    ALTER TABLE patent_applications ADD COLUMN incomplete INTEGER;
    ALTER TABLE project_applications ADD COLUMN incomplete INTEGER;
    ALTER TABLE patent_applications ADD COLUMN findings TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE project_applications ADD COLUMN findings TEXT NOT NULL DEFAULT '[]';
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
