"""Versioned schema of the register.

``MIGRATIONS[n]`` takes a register from version ``n`` to ``n + 1``; the version
lives in ``PRAGMA user_version``. Never edit a migration that has shipped: add
a new one. The one exception so far leaves every table but the trail as it was: at stop
32, 7 and 8 gained the audit lines of the values they tidy (and 12 marks those lines as
the upgrade's), for registers upgraded from before 7 or 8 from then on.
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
    # 3 -> 4: the expert panel (boostdesk/panel): rule parameters and scoring grid per
    # campaign, experts, assignments, conflicts, scores (tenths of a point), tier
    # overrides, publicity periods (batches), the adopted proposal and objections.
    """
    CREATE TABLE panel_settings (
        campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
        trim_min_scores INTEGER NOT NULL DEFAULT 5 CHECK (trim_min_scores >= 3),
        trim_each INTEGER NOT NULL DEFAULT 1 CHECK (trim_each >= 0),
        disagreement_sd_x10 INTEGER NOT NULL DEFAULT 100 CHECK (disagreement_sd_x10 > 0),
        experts_per_project INTEGER NOT NULL DEFAULT 5 CHECK (experts_per_project > 0)
    );
    CREATE TABLE panel_secret (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        secret TEXT NOT NULL
    );
    CREATE TABLE experts (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        organisation TEXT NOT NULL DEFAULT '',
        field TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT '',
        UNIQUE (campaign_id, name)
    );
    CREATE TABLE criteria (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        max_score INTEGER NOT NULL CHECK (max_score > 0),
        weight INTEGER NOT NULL CHECK (weight >= 0),
        UNIQUE (campaign_id, name)
    );
    CREATE TABLE assignments (
        id INTEGER PRIMARY KEY,
        expert_id INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
        project_id INTEGER NOT NULL REFERENCES project_applications(id) ON DELETE CASCADE,
        comment TEXT NOT NULL DEFAULT '',
        submitted_at TEXT,
        source TEXT,
        UNIQUE (expert_id, project_id)
    );
    CREATE INDEX assignments_project ON assignments(project_id);
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        expert_id INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
        project_id INTEGER NOT NULL REFERENCES project_applications(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        declared_at TEXT NOT NULL,
        UNIQUE (expert_id, project_id)
    );
    CREATE TABLE scores (
        assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
        score_x10 INTEGER NOT NULL CHECK (score_x10 >= 0),
        PRIMARY KEY (assignment_id, criterion_id)
    );
    CREATE TABLE tier_overrides (
        project_id INTEGER PRIMARY KEY REFERENCES project_applications(id) ON DELETE CASCADE,
        amount_fen INTEGER,
        reason TEXT NOT NULL,
        operator TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE publicity_periods (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL CHECK (end_date >= start_date),
        closed_date TEXT
    );
    CREATE INDEX publicity_campaign ON publicity_periods(campaign_id);
    CREATE TABLE proposals (
        project_id INTEGER PRIMARY KEY REFERENCES project_applications(id) ON DELETE CASCADE,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        rank INTEGER,
        score_x100 INTEGER,
        amount_fen INTEGER,
        reason TEXT NOT NULL DEFAULT '',
        adopted_at TEXT NOT NULL,
        period_id INTEGER REFERENCES publicity_periods(id) ON DELETE SET NULL
    );
    CREATE INDEX proposals_campaign ON proposals(campaign_id);
    CREATE TABLE objections (
        id INTEGER PRIMARY KEY,
        period_id INTEGER NOT NULL REFERENCES publicity_periods(id) ON DELETE CASCADE,
        project_id INTEGER NOT NULL REFERENCES project_applications(id) ON DELETE CASCADE,
        received_date TEXT NOT NULL,
        objector TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL,
        resolution TEXT CHECK (resolution IN ('upheld', 'dismissed')),
        resolution_note TEXT NOT NULL DEFAULT '',
        resolved_date TEXT
    );
    CREATE INDEX objections_project ON objections(project_id);
    """,
    # 4 -> 5: indexes for a campaign of 100,000 applications (benchmarks/run.py). The
    # campaign_id ones hand a campaign's rows over in id order, so listing them needs no
    # sort (reg.patents: 0.92 -> 0.59 s). The others each cover a register-view query,
    # so SQLite reads a small index instead of the wide rows: the status-bar counts and
    # the verdict filter (30 -> 13 ms, 45 -> 21 ms), the unit filter (21 -> 0.4 ms).
    # No index on search_text: it saved 16 ms a keystroke but added 16 MB and 0.15 s
    # to every full integrity check (the start-up one included).
    """
    CREATE INDEX patent_campaign_id ON patent_applications(campaign_id);
    CREATE INDEX project_campaign_id ON project_applications(campaign_id);
    CREATE INDEX patent_verdict ON patent_applications(campaign_id, eligible, incomplete);
    CREATE INDEX project_verdict ON project_applications(campaign_id, eligible, incomplete);
    CREATE INDEX patent_unit ON patent_applications(campaign_id, unit_id);
    CREATE INDEX project_unit ON project_applications(campaign_id, unit_id);
    """,
    # 5 -> 6: the people and enterprises a 单位与人员 screen counts. Without them each
    # enterprise's head count scanned every person: 43 s to open the screen at 4,000
    # enterprises and 76,000 people (benchmarks/run.py --only screens).
    """
    CREATE INDEX people_enterprise ON people(enterprise_id);
    CREATE INDEX enterprises_unit ON enterprises(unit_id);
    """,
    # 6 -> 7: what a form saved with Ctrl+S still in a field was stored as typed: an ID
    # number with spaces became a second person (and escaped one award a year), a card
    # or phone number kept its spaces; a studio, union or enterprise named with a space
    # among its characters became a second one (and escaped the studio rules). The
    # search texts are made again, folded as the search box folds (full-width ５Ｇ as 5g)
    # and with each patent number as stored (a form's new or corrected number was missing
    # or stale). The functions are Python's (register.migrate); OR IGNORE leaves a name or ID whose tidy form another row
    # already has (two rows are not merged here; the rules key people by the tidy ID).
    # Each row changed gets its line in the audit trail, as in 13 (an ID number left as it
    # was says why; a name left so is said by 14); the trail has no computer or note
    # column until 12, which marks this upgrade's lines from ``upgrade_lines_from`` on.
    # (The search texts are the names' and numbers' own, folded: no line, as in 15.)
    """
    CREATE TEMP TABLE IF NOT EXISTS upgrade_lines_from AS
        SELECT coalesce(max(id), 0) AS last FROM audit_events;
    CREATE TEMP TABLE retidy7 AS
        SELECT 'units' AS entity, id, 'name' AS col, name AS old, tidy_name(name) AS new
            FROM units WHERE name != tidy_name(name)
        UNION ALL SELECT 'enterprises', id, 'name', name, tidy_name(name) FROM enterprises
            WHERE name != tidy_name(name)
        UNION ALL SELECT 'studios', id, 'name', name, tidy_name(name) FROM studios
            WHERE name != tidy_name(name)
        UNION ALL SELECT 'people', id, 'id_number', id_number, person_key(id_number)
            FROM people WHERE id_number IS NOT NULL AND id_number != person_key(id_number)
        UNION ALL SELECT 'people', id, 'card_number', card_number, tidy_card(card_number)
            FROM people WHERE card_number IS NOT NULL AND card_number != tidy_card(card_number)
        UNION ALL SELECT 'people', id, 'phone', phone, tidy_phone(phone) FROM people
            WHERE phone IS NOT NULL AND phone != tidy_phone(phone)
        UNION ALL SELECT 'project_applications', id, 'contact_phone', contact_phone,
            tidy_phone(contact_phone) FROM project_applications
            WHERE contact_phone IS NOT NULL AND contact_phone != tidy_phone(contact_phone);
    UPDATE OR IGNORE units SET name = tidy_name(name) WHERE name != tidy_name(name);
    UPDATE OR IGNORE enterprises SET name = tidy_name(name) WHERE name != tidy_name(name);
    UPDATE OR IGNORE studios SET name = tidy_name(name) WHERE name != tidy_name(name);
    UPDATE OR IGNORE people SET id_number = person_key(id_number)
        WHERE id_number IS NOT NULL AND id_number != person_key(id_number);
    UPDATE people SET card_number = tidy_card(card_number)
        WHERE card_number IS NOT NULL AND card_number != tidy_card(card_number);
    UPDATE people SET phone = tidy_phone(phone)
        WHERE phone IS NOT NULL AND phone != tidy_phone(phone);
    UPDATE project_applications SET contact_phone = tidy_phone(contact_phone)
        WHERE contact_phone IS NOT NULL AND contact_phone != tidy_phone(contact_phone);
    UPDATE patent_applications SET search_text = patent_search_key(
        (SELECT name FROM people WHERE id = patent_applications.person_id),
        patent_number_raw, patent_number, title,
        (SELECT name FROM units WHERE id = patent_applications.unit_id),
        (SELECT name FROM enterprises WHERE id = patent_applications.enterprise_id));
    UPDATE project_applications SET search_text = search_key(
        title, (SELECT name FROM studios WHERE id = project_applications.studio_id), leader,
        (SELECT name FROM units WHERE id = project_applications.unit_id),
        (SELECT e.name FROM studios s JOIN enterprises e ON e.id = s.enterprise_id
         WHERE s.id = project_applications.studio_id), contact_name);
    CREATE TEMP TABLE retidy7_now AS
        SELECT r.entity, r.id, r.col, r.old, r.new, CASE r.entity || '.' || r.col
            WHEN 'units.name' THEN (SELECT name FROM units WHERE id = r.id)
            WHEN 'enterprises.name' THEN (SELECT name FROM enterprises WHERE id = r.id)
            WHEN 'studios.name' THEN (SELECT name FROM studios WHERE id = r.id)
            WHEN 'people.id_number' THEN (SELECT id_number FROM people WHERE id = r.id)
            WHEN 'people.card_number' THEN (SELECT card_number FROM people WHERE id = r.id)
            WHEN 'people.phone' THEN (SELECT phone FROM people WHERE id = r.id)
            ELSE (SELECT contact_phone FROM project_applications WHERE id = r.id)
            END AS now FROM retidy7 r;
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after)
        SELECT upgrade_now(), upgrade_operator(), 'update', entity, id,
            json_group_object(col, old), json_group_object(col, new)
        FROM (SELECT * FROM retidy7_now WHERE now IS new ORDER BY entity, id, col)
        GROUP BY entity, id ORDER BY entity, id;
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after)
        SELECT upgrade_now(), upgrade_operator(), 'update', entity, id,
            json_object(col, old), json_object(col, old, 'reason', '未改为“' || new || '”：'
                || '登记册中另有一人是此身份证号，两人未合并，此条保持原样；请核对是否同一人')
        FROM retidy7_now WHERE now IS NOT new AND col = 'id_number' ORDER BY id;
    DROP TABLE retidy7_now;
    DROP TABLE retidy7
    """,
    # 7 -> 8: a studio's level may be unknown (NULL). A paper or table that left it blank
    # made the studio 区/局/集团级, so a 市级 studio asking for 10万 was judged as a 3万 one
    # instead of 待补材料 (missing). SQLite changes a column's constraints only by copying
    # the table (register.migrate turns foreign keys off for it; the ids are kept).
    # Person names are tidied as studio names were in 7 (黄  志成, typed with the paper's
    # alignment space, was not found by 黄志成), and the search texts holding them made
    # again. Each row changed gets its line in the audit trail, as in 7.
    """
    CREATE TEMP TABLE IF NOT EXISTS upgrade_lines_from AS
        SELECT coalesce(max(id), 0) AS last FROM audit_events;
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'studios', id,
            json_object('leader', leader), json_object('leader', tidy_name(leader))
        FROM studios WHERE leader != tidy_name(leader) ORDER BY id;
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'people', id,
            json_object('name', name), json_object('name', tidy_name(name))
        FROM people WHERE name != tidy_name(name) ORDER BY id;
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'project_applications', id,
            json_patch(IIF(leader != tidy_name(leader), json_object('leader', leader), '{}'),
                       IIF(contact_name != tidy_name(contact_name),
                           json_object('contact_name', contact_name), '{}')),
            json_patch(IIF(leader != tidy_name(leader),
                           json_object('leader', tidy_name(leader)), '{}'),
                       IIF(contact_name != tidy_name(contact_name),
                           json_object('contact_name', tidy_name(contact_name)), '{}'))
        FROM project_applications
        WHERE leader != tidy_name(leader) OR contact_name != tidy_name(contact_name) ORDER BY id;
    CREATE TABLE studios_new (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        level TEXT CHECK (level IN ('city', 'district')),
        model_studio INTEGER NOT NULL DEFAULT 0,
        unit_id INTEGER REFERENCES units(id),
        enterprise_id INTEGER REFERENCES enterprises(id),
        leader TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO studios_new (id, name, level, model_studio, unit_id, enterprise_id, leader)
        SELECT id, name, level, model_studio, unit_id, enterprise_id, tidy_name(leader)
        FROM studios;
    DROP TABLE studios;
    ALTER TABLE studios_new RENAME TO studios;
    CREATE TEMP TABLE renamed_people AS
        SELECT id FROM people WHERE name != tidy_name(name);
    UPDATE people SET name = tidy_name(name) WHERE id IN (SELECT id FROM renamed_people);
    UPDATE patent_applications SET search_text = patent_search_key(
        (SELECT name FROM people WHERE id = patent_applications.person_id),
        patent_number_raw, patent_number, title,
        (SELECT name FROM units WHERE id = patent_applications.unit_id),
        (SELECT name FROM enterprises WHERE id = patent_applications.enterprise_id))
        WHERE person_id IN (SELECT id FROM renamed_people);
    DROP TABLE renamed_people;
    CREATE TEMP TABLE renamed_projects AS
        SELECT id FROM project_applications
        WHERE leader != tidy_name(leader) OR contact_name != tidy_name(contact_name);
    UPDATE project_applications SET leader = tidy_name(leader),
        contact_name = tidy_name(contact_name)
        WHERE id IN (SELECT id FROM renamed_projects);
    UPDATE project_applications SET search_text = search_key(
        title, (SELECT name FROM studios WHERE id = project_applications.studio_id), leader,
        (SELECT name FROM units WHERE id = project_applications.unit_id),
        (SELECT e.name FROM studios s JOIN enterprises e ON e.id = s.enterprise_id
         WHERE s.id = project_applications.studio_id), contact_name)
        WHERE id IN (SELECT id FROM renamed_projects);
    DROP TABLE renamed_projects
    """,
    # 9: the studio level a project award was made at (方案二（三）: its tier and its
    # split between the federation and the union). A studio is one record across years:
    # promoted in a later year it must not re-split an earlier, stamped award.
    """
    ALTER TABLE project_applications ADD COLUMN award_level TEXT;
    UPDATE project_applications SET award_level =
        (SELECT level FROM studios WHERE id = project_applications.studio_id)
        WHERE award_fen IS NOT NULL
    """,
    # 10: the inventor's union card and frontline status as each paper gave them. A person
    # is one record across years: a later year's paper with a new card, or from a person no
    # longer at the front line, re-judged and re-printed an earlier, paid award with the new
    # facts (its payment list named a card it was not paid to). The people row keeps the
    # newest facts, for the next paper's form and the 单位与人员 screen. A register already
    # in its second year had its earlier papers rewritten with the newest facts: each paper
    # takes its person's card as the audit trail has it when the paper was first paid (what
    # the payment list named), else when it was last saved; its frontline status as when
    # it was last saved (what it was judged and approved on: paid after a later paper said
    # 否, it must not turn 不合格); the person's now when the trail says nothing. No line in
    # the audit trail: a paper's card_number line after its payment or approval is read as
    # a correction of the card (payment_marks.PAID_CARD_SQL, finance.card_changed_warning),
    # and the paper's card and status are what it showed until then, now its own.
    """
    ALTER TABLE patent_applications ADD COLUMN card_number TEXT;
    ALTER TABLE patent_applications ADD COLUMN frontline INTEGER;
    CREATE TEMP TABLE paper_saved AS
        SELECT a.id, a.person_id,
            (SELECT MAX(e.id) FROM audit_events e WHERE e.entity = 'patent_applications'
                AND e.entity_id = a.id AND e.action IN ('create', 'update')) AS event_id
        FROM patent_applications a WHERE a.person_id IS NOT NULL;
    CREATE INDEX temp.paper_saved_id ON paper_saved(id);
    CREATE TEMP TABLE paper_as_of AS
        SELECT t.id, t.person_id, COALESCE(
            (SELECT MIN(m.id) FROM payments p JOIN audit_events m ON m.entity = 'payments'
                AND m.entity_id = p.id AND m.action = 'update'
                AND json_type(m.after, '$.paid_date') = 'text'
             WHERE p.stream = 'patent' AND p.application_id = t.id), t.event_id) AS event_id
        FROM paper_saved t;
    CREATE INDEX temp.paper_as_of_id ON paper_as_of(id);
    UPDATE patent_applications SET
        card_number = COALESCE((SELECT NULLIF(tidy_card(json_extract(e.after, '$.card_number')), '')
            FROM paper_as_of t JOIN audit_events e ON e.entity = 'people'
                AND e.entity_id = t.person_id AND e.action IN ('create', 'update')
                AND json_type(e.after, '$.card_number') = 'text' AND e.id <= t.event_id
            WHERE t.id = patent_applications.id ORDER BY e.id DESC LIMIT 1),
            (SELECT card_number FROM people WHERE id = patent_applications.person_id)),
        frontline = COALESCE((SELECT json_extract(e.after, '$.frontline')
            FROM paper_saved t JOIN audit_events e ON e.entity = 'people'
                AND e.entity_id = t.person_id AND e.action IN ('create', 'update')
                AND json_type(e.after, '$.frontline') = 'integer' AND e.id <= t.event_id
            WHERE t.id = patent_applications.id ORDER BY e.id DESC LIMIT 1),
            (SELECT frontline FROM people WHERE id = patent_applications.person_id))
        WHERE person_id IS NOT NULL;
    DROP TABLE paper_as_of;
    DROP TABLE paper_saved
    """,
    # 11: the enterprise a project award was paid to, fixed by its first recorded payment.
    # A studio is one record across years: moved to another enterprise (a later paper, or
    # its own edit) it moved the payee of its paid awards, so such a move was refused and
    # a studio that had changed hands could never apply again. Unpaid awards still follow
    # the studio (their lists name where the money will go).
    """
    ALTER TABLE project_applications ADD COLUMN payee_enterprise_id INTEGER
        REFERENCES enterprises(id);
    UPDATE project_applications SET payee_enterprise_id =
        (SELECT enterprise_id FROM studios WHERE id = project_applications.studio_id)
        WHERE EXISTS (SELECT 1 FROM payments p WHERE p.stream = 'project'
                      AND p.application_id = project_applications.id
                      AND p.paid_date IS NOT NULL)
    """,
    # 12: the computer each change was made on, beside the operator's name: the name is
    # typed (once per computer, or --operator), so two offices' "王芳" were one to the
    # auditor; and the window's undo or redo a change was made by (撤销“…”), which read as
    # a change of its own. Changes made before read '' (not recorded then); the lines an
    # upgrade from before 8 wrote in this one (7, 8) are this computer's and the
    # upgrade's, as 13's are.
    """
    ALTER TABLE audit_events ADD COLUMN computer TEXT NOT NULL DEFAULT '';
    ALTER TABLE audit_events ADD COLUMN note TEXT NOT NULL DEFAULT '';
    CREATE TEMP TABLE IF NOT EXISTS upgrade_lines_from AS
        SELECT coalesce(max(id), 0) AS last FROM audit_events;
    UPDATE audit_events SET computer = upgrade_computer(), note = '登记册升级'
        WHERE id > (SELECT last FROM temp.upgrade_lines_from);
    DROP TABLE temp.upgrade_lines_from
    """,
    # 13: the union kind 集团（公司） in the plan's full-width brackets; it was stored (and so
    # shown, printed and exported) as 集团(公司). Each union changed gets its line in the
    # audit trail, made by whoever's BoostDesk upgraded the register and noted as the
    # upgrade (register.migrate's functions): the earlier lines keep the spelling they were
    # written with, and the trail still leads to the kind the union has now.
    """
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,
                              computer, note)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'units', id,
            '{"kind": "集团(公司)"}', '{"kind": "集团（公司）"}', upgrade_computer(), '登记册升级'
        FROM units WHERE kind = '集团(公司)' ORDER BY id;
    UPDATE units SET kind = '集团（公司）' WHERE kind = '集团(公司)'
    """,
    # 14: a name holding hanzi with its brackets full-width, as its licence and bank account
    # write it (tidy_name); NFKC had stored 北京新疆（集团）有限公司 as 北京新疆(集团)有限公司 on
    # every union, enterprise, studio and person, and so on the 审批表 and payment lists. A
    # line in the audit trail for each name changed, as in 13. Only the brackets change, so no
    # two names made by tidy_name become one; a name another row already has (written some
    # other way, or two rows coming to one name) is not changed, nor merged: the row keeps
    # its name and its line says why. The search texts fold brackets as NFKC does: unchanged.
    # Paid history keeps no copy of a name (payments hold payer and application ids; the
    # audit trail's earlier lines keep the spelling they were written with).
    """
    CREATE TEMP TABLE retidy AS
        SELECT 'units' AS entity, id, name AS old, tidy_name(name) AS new FROM units
            WHERE name != tidy_name(name)
        UNION ALL SELECT 'enterprises', id, name, tidy_name(name) FROM enterprises
            WHERE name != tidy_name(name)
        UNION ALL SELECT 'studios', id, name, tidy_name(name) FROM studios
            WHERE name != tidy_name(name);
    CREATE TEMP TABLE retidy_taken AS
        SELECT r.entity, r.id, r.old, r.new FROM retidy r
        WHERE (r.entity = 'units' AND EXISTS (SELECT 1 FROM units WHERE name = r.new))
            OR (r.entity = 'enterprises' AND EXISTS (SELECT 1 FROM enterprises WHERE name = r.new))
            OR (r.entity = 'studios' AND EXISTS (SELECT 1 FROM studios WHERE name = r.new))
            OR EXISTS (SELECT 1 FROM retidy o WHERE o.entity = r.entity AND o.new = r.new
                       AND o.id != r.id);
    DELETE FROM retidy WHERE EXISTS (SELECT 1 FROM retidy_taken t
                                     WHERE t.entity = retidy.entity AND t.id = retidy.id);
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,
                              computer, note)
        SELECT upgrade_now(), upgrade_operator(), 'update', entity, id,
            json_object('name', old), json_object('name', new), upgrade_computer(), '登记册升级'
        FROM retidy ORDER BY entity, id;
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,
                              computer, note)
        SELECT upgrade_now(), upgrade_operator(), 'update', entity, id,
            json_object('name', old), json_object('name', old, 'reason',
                '未改为“' || new || '”：登记册中已有此名称（或另一条也将写作此名称），'
                || '两者未合并，此条保持原名；请核对是否同一单位'),
            upgrade_computer(), '登记册升级'
        FROM retidy_taken ORDER BY entity, id;
    UPDATE units SET name = (SELECT new FROM retidy r WHERE r.entity = 'units' AND r.id = units.id)
        WHERE id IN (SELECT id FROM retidy WHERE entity = 'units');
    UPDATE enterprises SET name =
        (SELECT new FROM retidy r WHERE r.entity = 'enterprises' AND r.id = enterprises.id)
        WHERE id IN (SELECT id FROM retidy WHERE entity = 'enterprises');
    UPDATE studios SET name =
        (SELECT new FROM retidy r WHERE r.entity = 'studios' AND r.id = studios.id)
        WHERE id IN (SELECT id FROM retidy WHERE entity = 'studios');
    DROP TABLE retidy;
    DROP TABLE retidy_taken;
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,
                              computer, note)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'people', id,
            json_object('name', name), json_object('name', tidy_name(name)),
            upgrade_computer(), '登记册升级'
        FROM people WHERE name != tidy_name(name) ORDER BY id;
    UPDATE people SET name = tidy_name(name) WHERE name != tidy_name(name);
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,
                              computer, note)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'studios', id,
            json_object('leader', leader), json_object('leader', tidy_name(leader)),
            upgrade_computer(), '登记册升级'
        FROM studios WHERE leader != tidy_name(leader) ORDER BY id;
    UPDATE studios SET leader = tidy_name(leader) WHERE leader != tidy_name(leader);
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,
                              computer, note)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'project_applications', id,
            json_patch(IIF(leader != tidy_name(leader), json_object('leader', leader), '{}'),
                       IIF(contact_name != tidy_name(contact_name),
                           json_object('contact_name', contact_name), '{}')),
            json_patch(IIF(leader != tidy_name(leader),
                           json_object('leader', tidy_name(leader)), '{}'),
                       IIF(contact_name != tidy_name(contact_name),
                           json_object('contact_name', tidy_name(contact_name)), '{}')),
            upgrade_computer(), '登记册升级'
        FROM project_applications
        WHERE leader != tidy_name(leader) OR contact_name != tidy_name(contact_name) ORDER BY id;
    UPDATE project_applications SET leader = tidy_name(leader),
        contact_name = tidy_name(contact_name)
        WHERE leader != tidy_name(leader) OR contact_name != tidy_name(contact_name)
    """,
    # 15: every search text folded as the search box folds since 14: a dot between two
    # hanzi (买买提.艾力, 买买提・艾力, 买买提•艾力) as the middle dot. A title saved before
    # that, or a name 14 re-tidied (𠈌.艾力 → 𠈌·艾力), was found by its dot only once saved
    # again. A search text is its own search key but for what the folding changed, so each
    # is folded again in place; the texts already folded are not written.
    """
    UPDATE patent_applications SET search_text = search_key(search_text)
        WHERE search_text != search_key(search_text);
    UPDATE project_applications SET search_text = search_key(search_text)
        WHERE search_text != search_key(search_text)
    """,
    # 16: the office's settings kept in the register, shared by everyone who opens it and
    # changed only with a line in the audit trail: the seal image the 审批表 print (its
    # path and the SHA-256 of the file chosen; boostdesk.seal_choice), until now a per-user
    # setting of each computer (QSettings print/seal_image), which no SQL can read: the
    # first program to read the seal of a register that has none records this computer's
    # setting, with its line (seal_choice.adopt_local). (IF NOT EXISTS: a copy whose version
    # was set back to run the later steps again, as the benchmarks' cached registers are.)
    """
    CREATE TABLE IF NOT EXISTS register_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    # 17: each project paper's title folded (search_text.title_key: two papers of one project
    # have the same key), stored with every title written and indexed with its campaign, so
    # the year's papers of one title (one title, two studios: rules/check.py) are found by
    # the index. They were found by a few characters of the title in every paper of the year
    # and folded in Python: a project's save 2.3 → 19.5 ms at 20,000 projects a year. The key
    # is the title's own, folded: no line in the trail, as the search texts in 15.
    """
    ALTER TABLE project_applications ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
    UPDATE project_applications SET title_key = title_key(title) WHERE title != '';
    CREATE INDEX project_title ON project_applications(campaign_id, title_key)
    """,
    # 18: the union cards indexed, a paper's and a person's: a card given for two people
    # (UNION_CARD_SHARED, rules/check.py) is found by the card, not by reading every
    # paper and person each time the entry form re-checks as the clerk types.
    """
    CREATE INDEX IF NOT EXISTS patent_card ON patent_applications(card_number);
    CREATE INDEX IF NOT EXISTS people_card ON people(card_number)
    """,
    # 19: an earlier year's decided paper (past 已登记 … 公示: recorded by 补录, closed by
    # 往年结年, awarded, paid) waits for no material (rules.check.settles): old tables have no
    # 收件日期 or materials, and 待补材料 stayed stored on every one of them for ever (2013:
    # 331 beside 核准 331; the status bar and `stats` counted them 合格 past the verdict). Its
    # missing facts become 提示 that ask for nothing (findings.settle_json, register.migrate's
    # function). Verdicts are the rules' (the re-check every upgrade runs after this stores
    # them anyway, Register.open): no line in the trail, as for any verdict.
    """
    UPDATE patent_applications SET incomplete = 0, findings = settle_findings(findings)
        WHERE incomplete = 1
            AND status NOT IN ('registered', 'qualified', 'review', 'proposed', 'publicized')
            AND campaign_id IN (SELECT id FROM campaigns
                                WHERE year < (SELECT max(year) FROM campaigns));
    UPDATE project_applications SET incomplete = 0, findings = settle_findings(findings)
        WHERE incomplete = 1
            AND status NOT IN ('registered', 'qualified', 'review', 'proposed', 'publicized')
            AND campaign_id IN (SELECT id FROM campaigns
                                WHERE year < (SELECT max(year) FROM campaigns))
    """,
    # 20: the first inventor's ID number and phone as a paper gave them while it names no
    # inventor (第一发明人 left blank). The register keeps a person by name (a paper
    # without one makes none, register_people.ensure_person), so a paper saved 不合格 for
    # its missing name lost the ID number and phone typed on it, stored nowhere, the trail
    # included, while the form said 登记册照实保存所报内容. Kept on the paper (its card and
    # frontline status are its own since 10), NULL while it names a person (his are read).
    # Those lost before are in no row or line: nothing to bring back.
    """
    ALTER TABLE patent_applications ADD COLUMN reported_id_number TEXT;
    ALTER TABLE patent_applications ADD COLUMN reported_phone TEXT
    """,
    # 21: a project paper's studio facts as it gave them while it names no studio (工作室名称
    # left blank): its 级别, 是否示范性 and 所在单位 are the studio's (the enterprise joined
    # through it), and no studio row is made without a name (ensure_studio), so a paper saved
    # 不合格 for its missing name lost them, the trail included, while the form said
    # 登记册照实保存所报内容 (20's loss in the project stream). Kept on the paper, NULL while it
    # names a studio (the studio's are read): no rule counts it as a studio (they count by
    # studio_id), and its studio named later takes them. The enterprise is a row already
    # (the save makes it): referred to, its correction and an entry's undo reach it.
    # Those lost before are in no row or line: nothing to bring back.
    """
    ALTER TABLE project_applications ADD COLUMN reported_level TEXT
        CHECK (reported_level IN ('city', 'district'));
    ALTER TABLE project_applications ADD COLUMN reported_model_studio INTEGER;
    ALTER TABLE project_applications ADD COLUMN reported_enterprise_id INTEGER
        REFERENCES enterprises(id)
    """,
    # 22: an earlier year's paper the clerk refused at 资格审核 (资格审核不通过) is judged as
    # before its year was decided: 19 settled it as it settles a paper 往年结年 closed, which
    # the patent workflow also leaves 资格审核不通过, and a paper refused for what it lacked
    # read 合格 beside its refusal. The row tells them apart: 往年结年 gives its reason
    # (workflow.CLOSE_REASON), a refusal the clerk's (改为资格审核不通过 须填写理由); nothing
    # else writes that reason (reopen_year, 撤销结年, finds the close's papers by it, as
    # 补录往年专利 does). Its settled facts are asked for again (findings.unsettle_json, the
    # exact inverse of 19's; an upgrade from 18 or before takes back here what its 19 did,
    # safety.session.upgraded_message counting the two as one); the upgrade's re-check
    # stores the rules' verdicts anyway. (The literal is CLOSE_REASON: a migration is
    # what it was when written.) Each paper it gives its verdict back gets a line in the
    # trail (核对结论 合格 → 待补材料; 不合格 stays, what it lacks asked again), noted as the
    # upgrade's: unlike a verdict the rules move, the office saw this one and had its
    # notice name it (safety.upgrade_papers). An upgrade from 18 or before writes none: its
    # 19 settled these papers a moment before, and the office never saw them 合格.
    # (Added at stop 36 before 22 shipped: 0.16.0 is the first release to run it.)
    """
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,
                              computer, note)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'patent_applications', id,
            json_object('verdict', IIF(eligible = 0, '不合格', '合格')),
            json_object('verdict', IIF(eligible = 0, '不合格', '待补材料'), 'note',
                '往年资格审核不通过的申报恢复原核对结论，所缺材料重新列出（此前误作该年度结果已定、无须补充）'),
            upgrade_computer(), '登记册升级'
        FROM patent_applications
        WHERE upgrade_from() >= 19 AND status = 'refused'
            AND status_reason != '往年未获助推（补录时结年）'
            AND findings LIKE '%，该年度结果已定，无须补充%' ORDER BY id;
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,
                              computer, note)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'project_applications', id,
            json_object('verdict', IIF(eligible = 0, '不合格', '合格')),
            json_object('verdict', IIF(eligible = 0, '不合格', '待补材料'), 'note',
                '往年资格审核不通过的申报恢复原核对结论，所缺材料重新列出（此前误作该年度结果已定、无须补充）'),
            upgrade_computer(), '登记册升级'
        FROM project_applications
        WHERE upgrade_from() >= 19 AND status = 'refused'
            AND status_reason != '往年未获助推（补录时结年）'
            AND findings LIKE '%，该年度结果已定，无须补充%' ORDER BY id;
    UPDATE patent_applications SET incomplete = 1, findings = unsettle_findings(findings)
        WHERE status = 'refused' AND status_reason != '往年未获助推（补录时结年）'
            AND findings LIKE '%，该年度结果已定，无须补充%';
    UPDATE project_applications SET incomplete = 1, findings = unsettle_findings(findings)
        WHERE status = 'refused' AND status_reason != '往年未获助推（补录时结年）'
            AND findings LIKE '%，该年度结果已定，无须补充%'
    """,
    # 23: the day a decision was made, as the clerk dated it, beside when it was recorded
    # (``at``). 资格审核 (通过 / 不通过) had no date of its own: the 审批表 printed the day it
    # was typed in, and an office typing up a 2022 review in 2026 got “资格审核通过（2026年12月5日
    # 补录）” on a sheet approved in 2022. NULL: a move dated by its recording (every move
    # before this, and those that ask no date); the register's earlier rows keep that meaning.
    """
    ALTER TABLE status_history ADD COLUMN decided_on TEXT
    """,
    # 24: an approval 结束公示 made after an objection to the project was found groundless
    # (异议不成立) read 公示期满无异议 (0.15.0's one reason for it): the detail pane headed it
    # 核准（公示期满无异议） and the trail said so, while the 审批表 prints 公示期内收到异议，经核实
    # 异议不成立. Its reason becomes the sheet's wording, counted as the sheet counts (every
    # objection of the project found groundless): publicity_outcome() is
    # panel.publicity_outcome's, registered by register.migrate, so the wording has one
    # source. The status history's row, and the paper's reason while that approval is its
    # status; one line in the trail per paper (old → new), noted as the upgrade's.
    """
    CREATE TEMP TABLE reworded AS
        SELECT h.id AS history_id, h.application_id AS id, h.reason AS old,
            publicity_outcome((SELECT COUNT(*) FROM objections o
                               WHERE o.project_id = h.application_id
                                   AND o.resolution = 'dismissed')) AS new
        FROM status_history h
        WHERE h.stream = 'project' AND h.from_status = 'publicized'
            AND h.to_status = 'approved' AND h.reason = '公示期满无异议'
            AND EXISTS (SELECT 1 FROM objections o WHERE o.project_id = h.application_id
                        AND o.resolution = 'dismissed');
    INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,
                              computer, note)
        SELECT upgrade_now(), upgrade_operator(), 'update', 'project_applications', id,
            json_object('approval_reason', old),
            json_object('approval_reason', new, 'note',
                '核准前收到的异议经核实不成立，原记录的理由与审批表不符，升级时按审批表更正'),
            upgrade_computer(), '登记册升级'
        FROM temp.reworded GROUP BY id ORDER BY id;
    UPDATE project_applications SET status_reason =
        (SELECT new FROM temp.reworded r WHERE r.id = project_applications.id LIMIT 1)
        WHERE status = 'approved' AND status_reason = '公示期满无异议'
            AND id IN (SELECT id FROM temp.reworded);
    UPDATE status_history SET reason =
        (SELECT new FROM temp.reworded r WHERE r.history_id = status_history.id)
        WHERE id IN (SELECT history_id FROM temp.reworded);
    DROP TABLE temp.reworded
    """,
    # 25: 撤销助推（已拨付，应追回）(finance.recovery): an award whose money was paid, found
    # afterwards not to be one (a patent declared invalid, a utility model, …). One row a
    # decision (its day, reason, document, the status it found); one row a payer, what it
    # paid and is to recover, closed by 已追回 (day, voucher). The payment rows stay paid.
    """
    CREATE TABLE recoveries (
        id INTEGER PRIMARY KEY,
        stream TEXT NOT NULL CHECK (stream IN ('patent', 'project')),
        application_id INTEGER NOT NULL,
        from_status TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        reason TEXT NOT NULL,
        document TEXT NOT NULL DEFAULT '',
        UNIQUE (stream, application_id)
    );
    CREATE TABLE recovery_payers (
        recovery_id INTEGER NOT NULL REFERENCES recoveries(id) ON DELETE CASCADE,
        payer TEXT NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        recovered_date TEXT,
        voucher TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (recovery_id, payer)
    );
    """,
    # 26: 已追回 in instalments (finance.recovery_parts): a payer returns its part in several
    # sums, each with its day, voucher and note, until nothing is owed. A recovery 25 stored
    # whole (recovered_date and voucher on the payer's row) becomes one instalment of the
    # payer's whole part, its day and voucher kept; those two columns go.
    """
    CREATE TABLE recovery_instalments (
        id INTEGER PRIMARY KEY,
        recovery_id INTEGER NOT NULL,
        payer TEXT NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        recovered_date TEXT NOT NULL,
        voucher TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        FOREIGN KEY (recovery_id, payer) REFERENCES recovery_payers (recovery_id, payer)
            ON DELETE CASCADE
    );
    CREATE INDEX recovery_instalments_part ON recovery_instalments (recovery_id, payer);
    INSERT INTO recovery_instalments (recovery_id, payer, amount_fen, recovered_date, voucher)
        SELECT recovery_id, payer, amount_fen, recovered_date, voucher FROM recovery_payers
        WHERE recovered_date IS NOT NULL ORDER BY recovery_id, payer;
    ALTER TABLE recovery_payers DROP COLUMN recovered_date;
    ALTER TABLE recovery_payers DROP COLUMN voucher
    """,
    # 27: a caller on the telephone is found by his numbers (search_text.number_keys): beside
    # each paper's search text, its numbers — a patent's inventor's ID and phone (his, or as
    # the paper gave them naming none), the paper's card and the one he holds; a project's
    # contact phone. A fragment of 4–6 digits finds a number's end, a longer one the whole
    # number; the lists still show them masked. Kept apart from the text: a search of
    # names and titles reads no more than before, and no run of digits is found inside an
    # ID. The paper's own key: no line in the trail, as the search texts in 15.
    """
    ALTER TABLE patent_applications ADD COLUMN search_numbers TEXT NOT NULL DEFAULT '';
    ALTER TABLE project_applications ADD COLUMN search_numbers TEXT NOT NULL DEFAULT '';
    UPDATE patent_applications AS a SET search_numbers = k.keys
        FROM (SELECT a.id, number_keys(COALESCE(p.id_number, a.reported_id_number),
                                       COALESCE(p.phone, a.reported_phone), a.card_number,
                                       p.card_number) AS keys
              FROM patent_applications a LEFT JOIN people p ON p.id = a.person_id) AS k
        WHERE k.id = a.id AND k.keys != '';
    UPDATE project_applications SET search_numbers = number_keys(contact_phone)
        WHERE number_keys(contact_phone) != ''
    """,
    # 28: each criterion's 评分要点 (panel.grid.Criterion.description), quoted beside its
    # maximum in a package's 填写说明: the expert scored with the name alone. A grid stored
    # from the program's default takes the default's words (the 2022 plan's 二), as a
    # register made now stores them; any other criterion starts without.
    """
    ALTER TABLE criteria ADD COLUMN description TEXT NOT NULL DEFAULT '';
    UPDATE criteria SET description = CASE name
        WHEN '科技含量' THEN '创新工作室正在开展的具有一定科技含量的项目'
        WHEN '填补技术空白' THEN '填补某一技术领域空白'
        WHEN '对企业转型升级、技术革新的推动作用' THEN '对企业转型升级、技术革新等具有积极推动作用'
        WHEN '解决工艺技术难题' THEN '切实解决工艺技术难题'
        WHEN '职工技能培养功能'
            THEN '具有较强的职工技能培养功能，能切实推动知识型、技能型、创新型技术工人队伍建设'
        ELSE '' END
    """,
    # 29: 采纳拟助推名单's day (panel adopt --date, 排名与档次's 采纳日期): the day the office
    # adopted the list, which a publicity of it may not start before, apart from adopted_at
    # (when it was recorded: the ranking compares that with the other records' times). A
    # list adopted before: the day it was recorded. A project put on the list by 开始公示
    # without a ranking (its tier by its request) was never adopted: none.
    """
    ALTER TABLE proposals ADD COLUMN adopted_on TEXT;
    UPDATE proposals SET adopted_on = substr(adopted_at, 1, 10)
        WHERE reason NOT IN ('未经专家评审排名，档次按申请金额', '登记册启用前已开始公示，档次按申请金额')
    """,
    # 30: the trail made tamper-evident (models.audit_chain): each line's chain, a hash of
    # its content and the line before's chain, written as its transaction commits; the
    # lines already there are chained once by the upgrade (``migrate``), in id order.
    """
    ALTER TABLE audit_events ADD COLUMN chain BLOB
    """,
    # 31: what the chain cannot show (models.audit_chain): lines deleted at the end or the
    # whole trail (the ids are reused: no AUTOINCREMENT). One row: the highest line id the
    # program sealed and how many lines it sealed, counted on at each seal; started from
    # the lines sealed before (an upgrade from before 30 seals all of its lines after).
    """
    CREATE TABLE audit_seal (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_id INTEGER NOT NULL,
        lines INTEGER NOT NULL
    );
    INSERT INTO audit_seal (id, last_id, lines)
        SELECT 1, coalesce(max(id), 0), count(*) FROM audit_events WHERE chain IS NOT NULL
    """,
    # 32: a studio level the plan does not admit (企业级: 二（一）admits 市级 and 区、局、集团
    # （公司）级 studios only), as the paper wrote it. Such a row was refused at import as an
    # unreadable cell: never registered, not counted as received, no 资格审核不通过 and the
    # union told to change the level. Kept on the paper (the rules judge it 不合格 under
    # 二（一）); the studio's level stays what the register knows (unknown for a new one).
    """
    ALTER TABLE project_applications ADD COLUMN outside_level TEXT
    """,
    # 33: the titles' keys (17) in simplified characters (search_text.title_key, hanzi_fold):
    # a paid project's title copied in traditional characters (城市橋樑支座…) had a key of
    # its own, and no same-title or near-title check saw it. The key is the title's own,
    # folded: no line in the trail, as in 17.
    """
    UPDATE project_applications SET title_key = title_key(title)
        WHERE title != '' AND title_key != title_key(title)
    """,
    # 34: the people indexed by telephone and the ID number's birth date, and by telephone
    # and the rest of its body (region, sequence): a paper of another name with a registered
    # person's phone and an ID of his birth date, or one off within it (Shao Min beside the
    # paid 邵敏, rules.near_people), is found by seeking, at every pause of the form and every
    # save's re-check — not by reading every person of an office's shared phone. The
    # expressions are rules.near_people's BIRTH and REST, written alike.
    """
    CREATE INDEX IF NOT EXISTS people_phone_birth ON people(phone, substr(id_number, 7, 8));
    CREATE INDEX IF NOT EXISTS people_phone_rest
        ON people(phone, substr(id_number, 1, 6) || substr(id_number, 15, 3))
    """,
    # 35: the 所在单位 each project was published under (panel.publicity: its column on the
    # 公示名单). The list read the 所在单位 now — the payee, else the studio's, else the
    # paper's (record_rows.PROJECT_TABLES) —, so a reprint, and the year's archive, named
    # the new payee of a project redirected since (改汇) or the new enterprise of a studio
    # moved since, not what was posted. 开始公示 (and an earlier publicity recorded) now
    # keeps it. A batch published before this did not record it, and the best known is:
    # for a project redirected since (its first 改汇 line in the trail), the payee that
    # redirect replaced, as the company is spelt now (payment_marks.FOLLOWED_ENTERPRISE_SQL,
    # written out: a migration is what it was when written) — the enterprise its first
    # transfer went to, which its studio's was unless it moved between the posting and the
    # first payment; for any other, the 所在单位 now (a studio moved since a batch was
    # posted, before this upgrade, is not known: its list reads the new one).
    """
    ALTER TABLE proposals ADD COLUMN published_enterprise_id INTEGER REFERENCES enterprises(id);
    UPDATE proposals SET published_enterprise_id = COALESCE(
        (SELECT COALESCE(
             (SELECT r.entity_id FROM audit_events r WHERE r.entity = 'enterprises'
                  AND r.action = 'update' AND r.id > c.id
                  AND json_extract(r.before, '$.name') = json_extract(c.before, '$.payee')
                  ORDER BY r.id LIMIT 1),
             (SELECT x.id FROM enterprises x
                  WHERE x.name = json_extract(c.before, '$.payee')))
         FROM audit_events c WHERE c.entity = 'project_applications'
             AND c.entity_id = proposals.project_id AND c.action = 'update'
             AND json_type(c.after, '$.redirected') IS NOT NULL
         ORDER BY c.id LIMIT 1),
        (SELECT COALESCE(a.payee_enterprise_id, s.enterprise_id, a.reported_enterprise_id)
         FROM project_applications a LEFT JOIN studios s ON s.id = a.studio_id
         WHERE a.id = proposals.project_id))
        WHERE period_id IS NOT NULL
    """,
]
# The schema whose audit lines carry their chain (migration 30 above).
CHAIN_VERSION = 30

SCHEMA_VERSION = len(MIGRATIONS)

# The last release of BoostDesk that wrote each schema (docs/history.md), named where an
# upgrade tells the office which releases can no longer open the register. Schemas before
# 15 are left out: one release (0.5.0) wrote two of them.
LAST_RELEASE = {15: "0.12.0", 16: "0.13.0", 18: "0.14.0", 21: "0.15.0", 24: "0.16.0",
                25: "0.17.0", 27: "0.18.0", 31: "0.20.0", 32: "0.24.0", 34: "0.25.0"}


def older_releases(version: int) -> str:
    """The BoostDesk releases that write schema ``version`` and no later one, in words."""
    release = LAST_RELEASE.get(version)
    return f"{release} 及更早的 BoostDesk" if release else "旧版 BoostDesk"
