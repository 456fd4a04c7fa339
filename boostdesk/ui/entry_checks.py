"""What the intake desk stops at entry, before anything is saved (no Qt).

The rules (``boostdesk.rules``) judge what was submitted; these checks keep the
register from holding the same paper twice: the same patent number, the same
project of the same studio. A person who already has the year's allowance of patent
applications is allowed another (the register keeps what was submitted) but the clerk
is told.
"""

from __future__ import annotations

import re
from typing import Any

from boostdesk.labels import mask_id
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT, PatentApplication, ProjectApplication, id_ref
from boostdesk.models.register import canonical_patent_number
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.rules.check import (
    CLAIMS_PATENT_SQL,
    HAS_AWARD,
    Claim,
    another_inventor,
    repeat_rule,
    title_key,
)
from boostdesk.validate import normalize_text, person_key, same_name, shown_patent_number, tidy_name

_NON_DIGITS = re.compile(r"\D")


def duplicate_patent(reg: Register, app: PatentApplication) -> str | None:
    """The same patent number is already registered: in this campaign in any state, or in
    a later campaign where it claims the number (``rules.check.CLAIMS_PATENT_SQL``). An
    earlier year's is no registration of this paper: saved, the rules judge it 不合格
    (一（三）), as the import stores such a row (``io.duplicates.find_duplicates``).
    A registered paper saved again under its number (``_holds_number``) is refused only
    where the rules judge it the repeat: an earlier paper of its year claims the number."""
    from boostdesk.io.duplicates import TYPED, patent_key

    canonical = canonical_patent_number(app.patent_number_raw)
    # a number missing its check character, or with a wrong one, is its digits' patent
    # (``patent_key``): ZL202110147147 is the registered ZL202110147147.3
    key = patent_key(canonical, app.patent_number_raw)
    if key is None or (key.startswith(TYPED) and sum(ch.isdigit() for ch in key) < 8):
        return None  # still being typed
    select = (f"SELECT a.id, c.year, a.status, p.name, {CLAIMS_PATENT_SQL} AS claims,"
              " COALESCE(p.id_number, a.reported_id_number) AS person, u.name AS union_name,"
              " a.patent_number, a.patent_number_raw"
              " FROM patent_applications a LEFT JOIN units u ON u.id = a.unit_id"
              " JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN people p ON p.id = a.person_id")
    # the numbers stored as typed (no canonical form) are few: their raw text read alone
    # and keyed here, the rest of a row read only for those holding this number — the
    # joins for ≈ 860 such rows at 100,000 papers, and recovering each (≈ 30 µs), made a
    # pause's re-check 1.4 → 15 ms
    if key.startswith(TYPED):  # not recoverable itself: neither is the same number typed
        def holds_key(raw: str) -> bool:
            return patent_key(None, raw, recover=False) == key
    else:
        digits = _NON_DIGITS.sub("", key.split(".")[0])

        def holds_key(raw: str) -> bool:
            return (digits in _NON_DIGITS.sub("", normalize_text(raw))
                    and patent_key(None, raw) == key)
    typed = [r[0] for r in reg.conn.execute(
        "SELECT id, patent_number_raw FROM patent_applications"
        " WHERE (patent_number IS NULL OR patent_number = '') AND id IS NOT ?", (app.id,))
        if holds_key(r[1] or "")]
    rows = reg.query(f"{select} WHERE a.patent_number = ? AND a.id IS NOT ?", (key, app.id))
    if typed:  # (apart: an OR beside the number's index read the whole table)
        rows += reg.query(f"{select} WHERE a.id IN ({','.join('?' * len(typed))})", tuple(typed))
    rows.sort(key=lambda r: (r["year"], r["id"]))
    shown = canonical or shown_patent_number(app.patent_number_raw)
    held = _holds_number(reg, app, key)
    for r in rows:
        if held:
            # a paper saved again under its own number yields only to the papers ahead of it
            # in the rules' order (``rules.check._first_by_patent_number``: year, then
            # registration, among those claiming it): a later one is the repeat, never it
            if not (r["year"] == app.campaign_year and r["id"] < app.id and r["claims"]):
                continue
        elif not (r["year"] == app.campaign_year
                  or (r["claims"] and r["year"] > app.campaign_year)):
            continue
        owner = Claim(r["id"], r["year"], r["status"], r["name"], r["person"],
                      r["union_name"])
        rival = ("两人都称是该专利的第一发明人，请按专利证书核定；"
                 if another_inventor(owner, app) else "")
        registered = shown_patent_number(r["patent_number_raw"] or "", r["patent_number"])
        same = (f"（申请号与已登记的 {registered} 相同，校验位缺少或不符）"
                if registered != shown else "")
        return (
            f"专利 {shown}{same or ' '}已经登记：{r['year']} 年度，{id_ref(PATENT, r['id'])}，"
            f"第一发明人 {r['name'] or '（未填）'}（{r['union_name'] or '推荐单位未填'}推荐），"
            f"状态“{STATUS_ZH.get(r['status'], r['status'])}”。"
            f"同一专利不能重复申报（{reg.campaign(app.campaign_year).clause('patent_award')}），"
            f"本表未保存。{rival}"
            "如需修改原申报，请在列表中找到它后打开"
        )
    return None


def _holds_number(reg: Register, app: PatentApplication, key: str) -> bool:
    """Whether ``app`` is a registered paper saved again under the number and year it is
    stored with (its phone corrected, its card filled in): it holds its place among the
    number's papers. One moved to another year or typed onto another number claims it
    anew, and the papers holding it already stand before it."""
    from boostdesk.io.duplicates import patent_key

    if app.id is None:
        return False
    row = reg.conn.execute(
        "SELECT a.patent_number, a.patent_number_raw, c.year FROM patent_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE a.id = ?", (app.id,)).fetchone()
    return (row is not None and row[2] == app.campaign_year
            and patent_key(row[0], row[1] or "") == key)


def duplicate_project(reg: Register, app: ProjectApplication) -> str | None:
    """The same studio's project with the same name is registered this year. One an
    earlier year funded is saved, the rules judging it 不合格 (二（二）2), as the import
    stores such a row (``io.duplicates.find_duplicates``). A registered paper saved again
    as its studio's project of that name and year yields only to the earlier papers of
    it, as the rules judge (``rules.check.repeat_of``): a later one is the repeat."""
    studio = tidy_name(app.studio_name)
    key = title_key(app.title)
    if not studio or not key:
        return None
    held = app.id is not None and any(
        tidy_name(name) == studio and title_key(title) == key and year == app.campaign_year
        for name, title, year in reg.conn.execute(
            "SELECT s.name, a.title, c.year FROM project_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id JOIN studios s ON s.id = a.studio_id"
            " WHERE a.id = ?", (app.id,)))
    rows = reg.query(
        "SELECT a.id, a.title, a.status, c.year FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id JOIN studios s ON s.id = a.studio_id"
        " WHERE s.name = ? AND a.id IS NOT ? AND c.year <= ? ORDER BY c.year, a.id",
        (studio, app.id, app.campaign_year),
    )
    for r in rows:
        if (title_key(r["title"]) == key and r["year"] == app.campaign_year
                and not (held and r["id"] > app.id)):
            rule = repeat_rule(reg.campaign(app.campaign_year), app.campaign_year,
                               Claim(r["id"], r["year"], r["status"]))
            return (
                f"工作室“{studio}”的项目“{r['title']}”已经登记：{r['year']} 年度，{id_ref(PROJECT, r['id'])}，"
                f"状态“{STATUS_ZH.get(r['status'], r['status'])}”。{rule}，本表未保存。"
                "如需修改原申报，请在列表中找到它后打开"
            )
    return None


def person_already_applied(reg: Register, app: PatentApplication) -> str | None:
    """The first inventor already has as many patent applications this campaign, not
    refused, as the year allows a person awards (一（三）: 2022's one)."""
    number = person_key(app.id_number)
    if not number:
        return None
    # +a.campaign_id: found by the person's index, not among the campaign's every patent
    # (SQLite's pick without statistics: 0.2–0.45 s at every pause in typing at 80,000)
    rows = reg.query(
        "SELECT a.id, a.status, a.patent_number_raw, a.patent_number, p.name"
        " FROM patent_applications a"
        " JOIN campaigns c ON c.id = +a.campaign_id JOIN people p ON p.id = a.person_id"
        " WHERE c.year = ? AND p.id_number = ? AND a.id IS NOT ? AND a.status != 'refused'"
        " ORDER BY a.id",
        (app.campaign_year, number, app.id),
    )
    if not rows:
        return None
    c = reg.campaign(app.campaign_year)
    limit = c.max_patent_awards_per_person  # 一（三）: the year's awards a person
    if len(rows) < limit:
        return None
    # those the check keeps: awarded first, then first registered (rules.check)
    shown = sorted(rows, key=lambda r: (r["status"] not in HAS_AWARD, r["id"]))[:limit]
    awarded = {r["status"] in HAS_AWARD for r in shown}
    what = ("已获助推" if awarded == {True} else "已有申报" if awarded == {False}
            else "已获助推或已有申报")
    count = "一" if limit == 1 else f" {limit} "
    return (
        # the person the register has under this ID, not the name typed on this paper (王芳
        # typed with 买买提·艾力's ID: the hint said 王芳 had been awarded)
        f"{rows[0]['name'] or '此人'}（身份证号 {mask_id(number)}）本年度{what}"
        + ("" if limit == 1 else f" {limit} 项") + "："
        + "；".join(f"{shown_patent_number(r['patent_number_raw'], r['patent_number']) or '（无专利号）'}"
                   f"，{id_ref(PATENT, r['id'])}，"
                   f"状态“{STATUS_ZH.get(r['status'], r['status'])}”" for r in shown)
        + f"。{c.per_person_limit}（{c.clause('patent_award')}），"
        f"保存后核对时只有{count}项可以合格"
    )


def person_renamed(reg: Register, app: PatentApplication) -> str | None:
    """The ID number typed is another person's in the register, under another name: one
    person per ID number, so saving renames them on every paper of theirs."""
    number = person_key(app.id_number)
    name = tidy_name(app.inventor_name)
    if not number or not name:
        return None
    rows = reg.query("SELECT id, name FROM people WHERE id_number = ?", (number,))
    # 买买提艾力 for 买买提·艾力 is his name as registered: kept, nothing to ask
    if not rows or same_name(rows[0]["name"], name) or rows[0]["id"] == app.person_id:
        return None
    other = rows[0]
    papers = reg.query(
        "SELECT c.year, a.id, a.status FROM patent_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE a.person_id = ? AND a.id IS NOT ? ORDER BY c.year, a.id", (other["id"], app.id))
    which = "、".join(f"{r['year']} 年度{id_ref(PATENT, r['id'])}" for r in papers[:5])
    more = f"等 {len(papers)} 项" if len(papers) > 5 else ""
    approved = [f"{r['year']} 年度{id_ref(PATENT, r['id'])}" for r in papers
                if r["status"] == "approved"]
    return (
        f"身份证号 {mask_id(number)} 在登记册中登记的是“{other['name']}”"
        + (f"（{which}{more}）" if papers else "")
        + f"。保存后此人的姓名改为“{name}”，其全部申报一并改名"
        + (f"，其中已核准的 {'、'.join(approved)} 的审批表和拨付清单也将写作“{name}”"
           if approved else "")
        + "。如是身份证号录错，请选“返回修改”；如是登记册写错（以身份证为准），请在“单位与人员”"
        "→“人员”中按 Enter 更正姓名，更正记入修改记录"
    )


def moved_onto_awarded(reg: Register, app: PatentApplication) -> str | None:
    """The paper's ID number corrected to a registered person's with an award paid or
    approved (``Register.moved_onto_awarded``): a namesake is not the same man, so the ID
    card copy is checked first (a union's table is asked, never taken: ``resend``); and
    saving keeps the card his award went to and his phone (the paper keeps the card it
    gives). Said before saving, with where each is corrected."""
    from boostdesk.safety.privacy import mask_card_grouped, mask_phone
    from boostdesk.validate import tidy_card, tidy_phone

    awarded = reg.moved_onto_awarded(app)
    if awarded is None:
        return None
    name, paid_id, year, money = awarded
    number = person_key(app.id_number)
    card, phone = reg.conn.execute("SELECT card_number, phone FROM people WHERE id_number = ?",
                                   (number,)).fetchone()
    typed_card, typed_phone = tidy_card(app.card_number), tidy_phone(app.phone)
    text = (f"身份证号 {mask_id(number)} 在登记册中是“{name}”的，其 {year} 年度"
            f"{id_ref(PATENT, paid_id)} 的助推款{money}：保存后本申报即为此人的申报。同名不一定"
            "是同一人，请先核对第一发明人的身份证复印件")
    kept = [what for what, mine, his in (("卡号", typed_card, tidy_card(card or "")),
                                         ("电话", typed_phone, tidy_phone(phone or "")))
            if mine and mine != his]
    if not kept:
        return text
    shown = "，".join(f"{what}仍为 {mask_card_grouped(card) if what == '卡号' else mask_phone(phone)}"
                     for what in kept if (card if what == "卡号" else phone))
    text += (f"。\n此人已获助推（助推款按卡号拨付），保存时不按本表更改此人的{'、'.join(kept)}"
             + (f"（{shown}）" if shown else ""))
    if "卡号" in kept:
        text += f"：本表的卡号 {mask_card_grouped(typed_card)} 只作本申报的卡号，本申报按它核对和拨付"
        if money != "已核准":  # money sent to his card: corrected only once sent back
            text += (f"；{id_ref(PATENT, paid_id)} 的卡号只在款项被银行退回待重拨时，在该申报中更正"
                     "（写明原因）")
    if "电话" in kept:
        text += "；电话确已更换的，保存后再打开本申报更正电话"
    return text


def award_now_refused(reg: Register, app: PatentApplication, verdict: Any) -> str | None:
    """An approved patent whose correction the plan now refuses: the approval stands (and
    its payment lines) until the clerk withdraws it."""
    if app.id is None or verdict is None or verdict.eligible:
        return None
    status = reg.scalar("SELECT status FROM patent_applications WHERE id = ?", (app.id,))
    if status != "approved":
        return None
    reasons = "；".join(f.message for f in verdict.findings if f.blocking)
    return (
        f"{id_ref(PATENT, app.id)} 已核准，改后按方案核对不合格：{reasons}。核准不会因此撤销，款项仍列在"
        "拨付清单中：保存后如确不合格，请用“改变状态”（Ctrl+M）改为“资格审核不通过”并填写理由"
    )
