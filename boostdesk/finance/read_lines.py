"""The payment lines read from the register: each row joined with what a list or a screen
shows (payee, card, union, held, returned), one line by its number."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from boostdesk.models.campaign import FEDERATION, Campaign
from boostdesk.models.payment_marks import (
    PAID_CARD_SQL,
    PAID_PAYEE_SQL,
    STANDING_RETURN_SQL,
    followed_names,
)
from boostdesk.models.records import PATENT
from boostdesk.models.register import Register
from boostdesk.money import payer_tranche_matrix
from boostdesk.said_where import way
from boostdesk.validate import tidy_name

from .errors import FinanceError
from .lines import CANCELLED, WAS_CANCELLED, WAS_RETURNED, PaymentLine, is_released, return_text
from .recovery_parts import line_recoveries
from .terms import NO_UNION, PAYERS, date_of, federation_name, split_ratio, tranche_shares

# A project's payee is its studio's enterprise, which 附件4 does not ask for: named, not blank.
NO_PAYEE = "（未登记所在单位）"


_LINES_SQL = """
SELECT p.*, c.year, c.params,
       COALESCE(pa.award_fen, pr.award_fen) AS award_fen,
       COALESCE(pa.status, pr.status) AS app_status,
       pr.accepted_date,
       COALESCE(pu.name, ru.name) AS unit_name,
       COALESCE(pa.patent_number, pa.patent_number_raw) AS patent_number_raw,
       pa.title AS patent_title, pe.name AS inventor_name,
       pe.id_number,
       -- a paid line's card as it was paid: the paper's, unless corrected since
       CASE WHEN p.paid_date IS NOT NULL AND pa.id IS NOT NULL
        THEN COALESCE({paid_card}, pa.card_number) ELSE pa.card_number END AS card_number,
       pen.name AS patent_enterprise,
       pr.title AS project_title, s.name AS studio_name,
       COALESCE(pr.award_level, s.level) AS studio_level,
       se.name AS studio_enterprise,
       -- a paid project line's payee as it was sent: its paper's, unless redirected since
       CASE WHEN p.paid_date IS NOT NULL AND pr.id IS NOT NULL
        THEN {paid_payee} END AS paid_payee,
       (SELECT COUNT(*) FROM objections o WHERE o.project_id = pr.id
        AND o.resolution IS NULL) AS objections_open,
       -- the row's return still standing (an unpaid row's is owed again; a paid row's
       -- transfer was sent again after it): its day and why, and what came back
       (SELECT json_array(e.before, e.after, e.id) FROM audit_events e
        WHERE e.id = {standing_return}) AS last_unmark,
       -- an unpaid patent line's confirmation (keep_card) since its standing return, for
       -- the card on the paper now
       CASE WHEN p.paid_date IS NULL AND pa.id IS NOT NULL THEN
        (SELECT json_extract(k.after, '$.reason') FROM audit_events k
         WHERE k.entity = 'payments' AND k.entity_id = p.id AND k.action = 'keep_card'
         AND k.id > {standing_return}
         AND json_extract(k.after, '$.paid_card') = pa.card_number
         ORDER BY k.id DESC LIMIT 1) END AS card_kept,
       -- the row's marks cancelled as recorded by mistake (撤销拨付登记), since it was made
       (SELECT json_group_array(json_array(json_extract(k.before, '$.paid_date'),
                                           json_extract(k.before, '$.voucher'),
                                           json_extract(k.after, '$.reason')))
        FROM audit_events k WHERE k.entity = 'payments' AND k.entity_id = p.id
        AND json_extract(k.after, '$.reason') LIKE '撤销拨付登记：%'
        AND k.id > COALESCE((SELECT MAX(c.id) FROM audit_events c WHERE c.entity = 'payments'
        AND c.entity_id = p.id AND c.action = 'create'), 0)) AS cancelled_marks
FROM payments p
LEFT JOIN patent_applications pa ON p.stream = 'patent' AND pa.id = p.application_id
LEFT JOIN project_applications pr ON p.stream = 'project' AND pr.id = p.application_id
JOIN campaigns c ON c.id = COALESCE(pa.campaign_id, pr.campaign_id)
LEFT JOIN units pu ON pu.id = pa.unit_id
LEFT JOIN units ru ON ru.id = pr.unit_id
LEFT JOIN people pe ON pe.id = pa.person_id
LEFT JOIN enterprises pen ON pen.id = pa.enterprise_id
LEFT JOIN studios s ON s.id = pr.studio_id
LEFT JOIN enterprises se ON se.id = COALESCE(pr.payee_enterprise_id, s.enterprise_id)
""".replace("{standing_return}", STANDING_RETURN_SQL.format(payment="p.id")).replace(
    "{paid_card}", PAID_CARD_SQL.format(payment="p.id", paper="pa.id")).replace(
    "{paid_payee}", PAID_PAYEE_SQL.format(payment="p.id", paper="pr.id"))


def payment_lines(
    reg: Register, year: int | None = None, *, stream: str | None = None,
    tranche: int | None = None, payer: str | None = None, unit_name: str | None = None,
    app_ids: Iterable[int] | None = None, held_awards: HeldAwards | None = None,
) -> list[PaymentLine]:
    """Payment rows joined with what a list or a screen shows, in a stable order.

    ``payer`` is FEDERATION or RECOMMENDING_UNION; ``unit_name`` narrows union lines
    (and only those) to one recommending union. An unpaid line of an award no longer right
    (``award_holds``) is held, saying why; ``held_awards`` gives them by year when the
    caller read them already (a list paid in one transaction).
    """
    where: list[str] = []
    params: list[Any] = []
    if year is not None:
        where.append("c.year = ?")
        params.append(year)
    if stream:
        where.append("p.stream = ?")
        params.append(stream)
    if tranche is not None:
        where.append("p.tranche = ?")
        params.append(tranche)
    narrow_to_payer(where, params, payer, unit_name)
    if app_ids is not None:
        ids = list(app_ids)
        where.append(f"p.application_id IN ({','.join('?' * len(ids)) or 'NULL'})")
        params.extend(ids)
    sql = _LINES_SQL + (" WHERE " + " AND ".join(where) if where else "")
    # the recommending unions in pinyin order, as every list the office prints or reads;
    # one paper's lines need none (the pane's 拨付 block: the first pinyin key built the
    # collation's table, ≈ 90 ms of the first keystroke that selected a paper)
    one = app_ids is not None and len(ids) == 1
    sql += (" ORDER BY c.year, p.stream, "
            + ("" if one else "pinyin_key(COALESCE(pu.name, ru.name)), ")
            + "p.application_id, p.tranche, p.payer")
    campaigns: dict[int, Campaign] = {}
    counts: dict[tuple[str, int], int] = {}
    matrices: dict[tuple[int, tuple[int, ...], tuple[int, ...]], tuple[tuple[int, ...], ...]] = {}
    held_awards = {} if held_awards is None else held_awards
    out = []
    for r in reg.query(sql, params):
        c = campaigns.get(r["year"])
        if c is None:
            c = campaigns[r["year"]] = Campaign.from_json(r["params"])
        shares = tranche_shares(c, r["stream"])
        count = counts.setdefault((r["stream"], r["year"]), len(shares))
        is_patent = r["stream"] == PATENT
        released = is_released(r["stream"], r["tranche"], count, r["accepted_date"])
        payer_name = federation_name(c) if r["payer"] == FEDERATION else (r["unit_name"]
                                                                           or NO_UNION)
        payee = r["inventor_name"] if is_patent else (r["paid_payee"]
                                                      or r["studio_enterprise"])
        split = _split_of(c, r["stream"], r["studio_level"], r["award_fen"] or 0, shares,
                          r["tranche"], r["payer"], r["amount_fen"], matrices)
        out.append(PaymentLine(
            id=r["id"], stream=r["stream"], app_id=r["application_id"], year=r["year"],
            tranche=r["tranche"], tranche_count=count,
            share_percent=shares[r["tranche"] - 1] if r["tranche"] <= len(shares) else 0,
            payer=r["payer"], payer_name=payer_name, amount_fen=r["amount_fen"],
            award_fen=r["award_fen"] or 0, due_date=date_of(r["due_date"]),
            paid_date=date_of(r["paid_date"]), voucher=r["voucher"] or "", released=released,
            ref=(r["patent_number_raw"] if is_patent else r["project_title"]) or "",
            title=(r["patent_title"] if is_patent else r["project_title"]) or "",
            payee=payee or ("" if is_patent else NO_PAYEE),
            unit_name=r["unit_name"] or "",
            enterprise_name=(r["patent_enterprise"] if is_patent else payee) or "",
            studio_name=r["studio_name"] or "",
            id_number=(r["id_number"] or "") if is_patent else "",
            card_number=(r["card_number"] or "") if is_patent else "",
            app_status=r["app_status"] or "", split=split,
            objections_open=r["objections_open"] or 0,
            hold=_hold_text(reg, held_awards, r) if r["paid_date"] is None else "",
            hold_fact=_hold_text(reg, held_awards, r, fact=True) if r["paid_date"] is None
            else "",
            **_returned(reg, r["last_unmark"], r["paid_date"] is not None,
                        "" if is_patent else payee or ""),
            card_kept=r["card_kept"] or "",
            was_cancelled=cancelled_text(r["cancelled_marks"]),
        ))
    return _with_recoveries(reg, out)


def _with_recoveries(reg: Register, lines: list[PaymentLine]) -> list[PaymentLine]:
    """The paid lines of revoked awards given what their payers have recovered
    (finance.recovery_parts): each line's share, the day it was whole, the payer's part."""
    back = [x for x in lines if x.to_recover]
    if not back:
        return lines
    got = line_recoveries(reg, {(x.stream, x.app_id) for x in back},
                          {(x.stream, x.app_id, x.payer): x.payer_name for x in back})
    return [replace(x, recovered_fen=r.recovered_fen, recovered_date=r.recovered_date,
                    recovery=r.part) if x.to_recover and (r := got.get(x.id)) else x
            for x in lines]


HeldAwards = dict[int, dict[tuple[str, int], Any]]


def held_awards(reg: Register, years: Iterable[int]) -> HeldAwards:
    """The awards held from payment (award_holds.holds) of each year, read once."""
    from boostdesk.award_holds import holds

    return {year: holds(reg, year) for year in years}


def _hold_text(reg: Register, known: HeldAwards, r: dict[str, Any], fact: bool = False) -> str:
    year = r["year"]
    if year not in known:
        known.update(held_awards(reg, [year]))
    h = known[year].get((r["stream"], r["application_id"]))
    return "" if h is None else h.fact if fact else h.message


def _returned(reg: Register, event: str | None, paid: bool, payee: str = "") -> dict[str, Any]:
    """A line's return still standing, if any: an unpaid line's day, reason and where it had
    gone (owed again), and a project's payee redirected since (``redirected_from``); a paid
    line's in words (曾退汇：…: it was sent again since), naming the enterprise it came back
    from when a project's was re-paid to another (``payee``). The enterprise it came back
    from is read as it is spelt now (a misspelt name corrected since is the same company)."""
    before, after, line = json.loads(event) if event else (None, None, 0)
    before, after = (json.loads(x) if x else {} for x in (before, after))
    day = date_of(after.get("returned_date"))
    if day is None:
        return {}
    voucher = before.get("voucher") or ""
    gone = tidy_name(str(after.get("returned_from") or ""))
    if payee and gone:
        gone = followed_names(reg.conn, [(line, gone)])[(line, gone)]
    other = gone if payee and gone and gone != payee else ""  # redirected (finance.redirect)
    if paid:
        text = WAS_RETURNED + return_text(day, after.get("reason", ""), voucher)
        return {"was_returned": text + (f"，原汇往“{other}”" if other else "")}
    return {"returned_date": day, "returned_reason": after.get("reason", ""),
            "returned_to": after.get("returned_from", ""), "returned_voucher": voucher,
            "redirected_from": other}


def cancelled_text(marks: str | None) -> str:
    """The marks cancelled as recorded by mistake, in words:
    曾撤销拨付登记（2023-03-08 凭证 V1，理由：误登记）."""
    out = []
    for day, voucher, reason in json.loads(marks or "[]"):
        why = str(reason or "").removeprefix(CANCELLED).strip()
        mark = " ".join(filter(None, (day or "", f"凭证 {voucher}" if voucher else "")))
        out.append("，".join(filter(None, (mark, f"理由：{why}" if why else ""))))
    return "；".join(f"{WAS_CANCELLED}（{x}）" for x in out)


def narrow_to_payer(where: list[str], params: list[Any], payer: str | None,
                    unit_name: str | None) -> None:
    """Conditions on the payment lines' query (``_LINES_SQL``'s aliases): one payer, and
    of the unions' lines one recommending union's."""
    if payer:
        where.append("p.payer = ?")
        params.append(payer)
    if unit_name is not None:
        where.append("COALESCE(pu.name, ru.name) = ?")
        params.append(unit_name)


def _split_of(campaign: Campaign, stream: str, level: str | None, award_fen: int,
              shares: tuple[int, ...], tranche: int, payer: str, amount_fen: int,
              matrices: dict) -> tuple[int, int]:
    """The ratio a line's amount was worked out in: the campaign's for the award's level,
    or, where the split was settled before the studio's level was corrected (see
    :func:`.payment_plan.sync_plan`), the other level's ratio that gives this very amount."""
    own = split_ratio(campaign, stream, level)
    others = [] if stream == PATENT else [campaign.project_split[lv] for lv in
                                          campaign.project_split if lv != (level or "district")]
    column = PAYERS.index(payer) if payer in PAYERS else 0
    for ratio in (own, *others):
        key = (award_fen, tuple(ratio), shares)
        matrix = matrices.get(key)
        if matrix is None:
            matrix = matrices[key] = payer_tranche_matrix(award_fen, ratio, shares)
        if tranche <= len(matrix) and matrix[tranche - 1][column] == amount_fen:
            return tuple(ratio)  # type: ignore[return-value]
    return own


def payment_line(reg: Register, payment_id: int, held: HeldAwards | None = None) -> PaymentLine:
    """One payment's line (FinanceError naming where the numbers come from if none);
    ``held``: the awards held (:func:`held_awards`) when the caller read them already."""
    row = reg.query("SELECT stream, application_id FROM payments WHERE id = ?", (payment_id,))
    if not row:
        raise FinanceError(f"没有编号为 {payment_id} 的拨付记录：" + way(
            "它可能已被另一个窗口或程序改动，请在“拨付”页按 F5 刷新后重新选择款项",
            "拨付记录的编号见“boostdesk pay list”（它按本年度计划生成拨付记录）或“拨付”页"))
    lines = payment_lines(reg, stream=row[0]["stream"], app_ids=[row[0]["application_id"]],
                          held_awards=held)
    return next(x for x in lines if x.id == payment_id)
