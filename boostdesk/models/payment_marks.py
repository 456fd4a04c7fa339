"""SQL over a payment row's audit events, shared by the register (what a paid paper may
still correct) and finance (the payment lines): a return (退汇) still standing, and the
card a paid transfer went to."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

# The id of payment ``{payment}``'s return still standing, or NULL (the index audit_entity
# finds a row's few events). A 撤销退汇登记 takes back the latest return not yet taken
# back, and a 撤销拨付登记 takes back only the transfer it names: a transfer sent again
# after a return and cancelled as recorded by mistake leaves the line returned. So: the
# latest return after which fewer returns were taken back than were recorded (itself
# included); since the row was made (an old register gave a deleted row's id again).
_RETURN_EVENTS = ("x.entity = 'payments' AND x.entity_id = e.entity_id AND x.id >= e.id"
                  " AND json_type(x.after, '$.returned_date') IS NOT NULL")
_RETURNS_TAKEN_BACK = ("x.entity = 'payments' AND x.entity_id = e.entity_id AND x.id > e.id"
                       " AND json_extract(x.after, '$.reason') LIKE '撤销退汇登记：%'")
STANDING_RETURN_SQL = (
    "(SELECT e.id FROM audit_events e WHERE e.entity = 'payments' AND e.entity_id = {payment}"
    " AND json_type(e.after, '$.returned_date') IS NOT NULL"
    " AND e.id > COALESCE((SELECT MAX(c.id) FROM audit_events c WHERE c.entity = 'payments'"
    " AND c.entity_id = {payment} AND c.action = 'create'), 0)"
    f" AND (SELECT COUNT(*) FROM audit_events x WHERE {_RETURN_EVENTS})"
    f" > (SELECT COUNT(*) FROM audit_events x WHERE {_RETURNS_TAKEN_BACK})"
    " ORDER BY e.id DESC LIMIT 1)"
)

# Payment ``p`` was sent: it stands paid, or its transfer came back (退汇) and is owed
# again. A returned transfer still fixes what was sent (the split, the amount, the payer):
# the money left under them and is sent again under them. A mark cancelled as recorded by
# mistake (撤销拨付登记) was never sent.
SENT_SQL = (f"(p.paid_date IS NOT NULL OR {STANDING_RETURN_SQL.format(payment='p.id')}"
            " IS NOT NULL)")


def sent_counts(conn: sqlite3.Connection, stream: str,
                app_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Of these applications, those with a transfer sent: id -> (payments standing paid,
    payments sent and sent back by the bank, owed again). A cancelled mark counts as
    neither (it was never sent)."""
    ids = list(app_ids)
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT p.application_id, COUNT(p.paid_date),"
        f" COALESCE(SUM(p.paid_date IS NULL AND {SENT_SQL}), 0) FROM payments p"
        f" WHERE p.stream = ? AND p.application_id IN ({','.join('?' * len(ids))})"
        " GROUP BY p.application_id", (stream, *ids)).fetchall()
    return {r[0]: (int(r[1]), int(r[2])) for r in rows if r[1] or r[2]}


def sent_total(conn: sqlite3.Connection, stream: str,
               app_ids: Iterable[int]) -> tuple[int, int]:
    """:func:`sent_counts` added up over these applications: (payments standing paid,
    payments sent and sent back by the bank, owed again), as :func:`sent_text` says them."""
    counts = sent_counts(conn, stream, app_ids).values()
    return sum(p for p, _ in counts), sum(r for _, r in counts)


def sent_text(paid: int, returned: int) -> str:
    """What was sent, as the refusals say it: 已登记拨付 3 笔（其中 1 笔被银行退回，待重拨）."""
    if not returned:
        return f"已登记拨付 {paid} 笔"
    if returned == paid + returned:
        return f"已汇出 {returned} 笔（均被银行退回，待重拨）"
    return f"已汇出 {paid + returned} 笔（其中 {returned} 笔被银行退回，待重拨）"


def all_returned_text(returned: int) -> str:
    """An award none of whose money stands paid, every transfer sent back: neither unpaid
    (the money left) nor paid (it came back), as 排名复核 and the ranking say it."""
    return f"已汇出 {returned} 笔均被银行退回、待重拨"


# The card patent ``{paper}``'s transfer marked by audit event ``{mark}`` was sent to, where
# the paper's card was corrected after it (allowed while another share's transfer, returned
# from the old card, is owed again): the card before the first correction since the mark.
# NULL when the card is unchanged since: the paper's card is the one. A period's list reads
# each transfer so (finance.movements), one sent and sent back too.
MARK_CARD_SQL = (
    "(SELECT json_extract(c.before, '$.card_number') FROM audit_events c"
    " WHERE c.entity = 'patent_applications' AND c.entity_id = {paper} AND c.action = 'update'"
    " AND json_type(c.after, '$.card_number') IS NOT NULL AND c.id > {mark}"
    " ORDER BY c.id LIMIT 1)"
)

# The card paid patent line ``{payment}`` of paper ``{paper}`` was sent to
# (:data:`MARK_CARD_SQL`). The payment is the mark that sent the transfer now recorded: not
# a return taken back (撤销退汇登记 puts back a transfer sent before it, perhaps before a
# correction), and of its day (a transfer sent again after that return, then cancelled,
# was not it).
PAID_MARK_SQL = (
    "(SELECT MAX(m.id) FROM audit_events m WHERE m.entity = 'payments'"
    " AND m.entity_id = {payment} AND json_type(m.after, '$.paid_date') = 'text'"
    " AND COALESCE(json_extract(m.after, '$.reason'), '') NOT LIKE '撤销退汇登记：%'"
    " AND json_extract(m.after, '$.paid_date')"
    " = (SELECT x.paid_date FROM payments x WHERE x.id = {payment}))")
PAID_CARD_SQL = MARK_CARD_SQL.replace("{mark}", PAID_MARK_SQL)

# A project's payee changed for its transfers still to send (``finance.redirect``: a
# transfer the bank sent back, and the tranches not sent yet, sent to another enterprise):
# its trail line writes the payee before and after and says so (``redirected``), apart
# from a misspelt enterprise's correction (the same company, every list corrected).
REDIRECT_EVENT = ("c.entity = 'project_applications' AND c.entity_id = {paper}"
                  " AND c.action = 'update' AND json_type(c.after, '$.redirected') IS NOT NULL")

# The enterprise row named ``{name}`` by audit line ``{line}``, however its name was
# corrected since (Register.correct_enterprise_name keeps the row and writes the name it
# had): the row whose first correction after the line had that name, else the row of that
# name. A name the trail recorded (a redirect's payee, a return's) thus reads as the
# company is spelt now, as the lists print every other name of it.
_RENAMED_SINCE = ("SELECT r.entity_id FROM audit_events r WHERE r.entity = 'enterprises'"
                  " AND r.action = 'update' AND r.id > {line}"
                  " AND json_extract(r.before, '$.name') = {name} ORDER BY r.id LIMIT 1")
FOLLOWED_ENTERPRISE_SQL = (f"COALESCE(({_RENAMED_SINCE}),"
                           " (SELECT x.id FROM enterprises x WHERE x.name = {name}))")
# ... and its name now: the recorded one when no correction followed.
FOLLOWED_NAME_SQL = ("COALESCE((SELECT x.name FROM enterprises x WHERE x.id ="
                     f" ({_RENAMED_SINCE})), {{name}})")

# The payee project ``{paper}``'s transfer marked by audit event ``{mark}`` was sent to,
# where the payee was redirected after it (:data:`REDIRECT_EVENT`): the payee before the
# first redirect since the mark, as it is spelt now (:data:`FOLLOWED_NAME_SQL`). NULL when
# none since: the paper's payee is the one (as :data:`MARK_CARD_SQL` for a patent's card).
MARK_PAYEE_SQL = (
    "(SELECT " + FOLLOWED_NAME_SQL.format(line="c.id", name="json_extract(c.before, '$.payee')")
    + f" FROM audit_events c WHERE {REDIRECT_EVENT} AND c.id > {{mark}} ORDER BY c.id LIMIT 1)"
)

# The payee paid project line ``{payment}`` of paper ``{paper}`` was sent to
# (:data:`MARK_PAYEE_SQL`), its mark read as :data:`PAID_CARD_SQL` reads it.
PAID_PAYEE_SQL = MARK_PAYEE_SQL.replace("{mark}", PAID_MARK_SQL)


def followed_names(conn: sqlite3.Connection,
                   recorded: Iterable[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """Each (audit line, enterprise name it recorded) -> that enterprise's name now
    (:data:`FOLLOWED_NAME_SQL`)."""
    sql = "SELECT " + FOLLOWED_NAME_SQL.format(line="?", name="?")
    out = {}
    for line, name in set(recorded):
        # the name twice: the correction's before, the fallback
        out[(line, name)] = str(conn.execute(sql, (line, name, name)).fetchone()[0])
    return out


# A project's payee now: the one its transfers were fixed to, else its studio's enterprise,
# else the one a paper naming no studio gave (migration 21).
_PAYEE_NOW = "COALESCE(a.payee_enterprise_id, s.enterprise_id, a.reported_enterprise_id)"
# The enterprise row project payment ``p`` (of paper ``a``) was sent to, paid: the payee
# the first redirect since its mark replaced (as :data:`MARK_PAYEE_SQL` names it), else
# the paper's payee now.
_WENT_TO = (
    "COALESCE((SELECT " + FOLLOWED_ENTERPRISE_SQL.format(
        line="c.id", name="json_extract(c.before, '$.payee')")
    + " FROM audit_events c WHERE " + REDIRECT_EVENT.format(paper="a.id") + " AND c.id > "
    + PAID_MARK_SQL.format(payment="p.id") + f" ORDER BY c.id LIMIT 1), {_PAYEE_NOW})")
# ... sent back by the bank and owed again to the payee it came back from: not redirected
# since its return, or redirected back to it.
_BACK_FROM_PAYEE = (
    "(NOT EXISTS (SELECT 1 FROM audit_events c WHERE " + REDIRECT_EVENT.format(paper="a.id")
    + " AND c.id > {ret}) OR (SELECT " + FOLLOWED_ENTERPRISE_SQL.format(
        line="r0.id", name="json_extract(r0.after, '$.returned_from')")
    + f" FROM audit_events r0 WHERE r0.id = {{ret}}) = {_PAYEE_NOW})")


def sent_to_enterprise(conn: sqlite3.Connection, enterprise_id: int) -> dict[int, tuple[int, int]]:
    """The projects whose money went to enterprise ``enterprise_id``: id -> (transfers
    standing paid that went to it, transfers it sent back owed to it again), as
    :func:`sent_counts` counts them. A project redirected since (``finance.redirect``)
    counts what went to each payee apart: the transfers before the redirect the old one's,
    the money sent back and owed to the new one neither's (nothing went to the new one)."""
    ret = STANDING_RETURN_SQL.format(payment="p.id")
    rows = conn.execute(
        f"SELECT a.id, COALESCE(SUM(p.paid_date IS NOT NULL AND {_WENT_TO} = :e), 0),"
        f" COALESCE(SUM(p.paid_date IS NULL AND {_PAYEE_NOW} = :e AND {ret} IS NOT NULL"
        f" AND {_BACK_FROM_PAYEE.format(ret=ret)}), 0)"
        " FROM project_applications a LEFT JOIN studios s ON s.id = a.studio_id"
        " JOIN payments p ON p.stream = 'project' AND p.application_id = a.id"
        f" WHERE {_PAYEE_NOW} = :e OR EXISTS (SELECT 1 FROM audit_events c WHERE "
        + REDIRECT_EVENT.format(paper="a.id") + ")"
        " GROUP BY a.id ORDER BY a.id", {"e": enterprise_id}).fetchall()
    return {r[0]: (int(r[1]), int(r[2])) for r in rows if r[1] or r[2]}
