"""Whether a 维持公示档次 decision may still be withdrawn (撤销维持公示档次), and why not.

A decision recorded while its batch was in publicity is what the close approved the award
on: withdrawn only before the close. One recorded after the close (a place freed later:
排名复核 revoking an approval, a late objection upheld) approved nothing; it may be withdrawn
— the ranking then asks again whether to raise the award — until something rests on it:
the award's money paid at the tier it kept (paid money does not move), or a list adopted
after it (re-adopting is what the ranking says to decide before: the list took the place
as left open). Both guards hold before the close too. The domain's undo
(tier_overrides.undo_kept_tier) refuses with these reasons; the screens grey their
撤销 buttons with them."""

from __future__ import annotations

from boostdesk.models.records import ProjectApplication
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.said_where import aside

from .published_rerank import KeptTier
from .tier_places import tier_name


def withdrawal_rule(after_close: bool) -> str:
    """Until when a decision recorded now may be withdrawn, in the words its confirmation
    says (the refusals below hold it): recorded in publicity, until the close; recorded
    after the close, until the award's money is paid. Either way, not once a list adopted
    after it is published (one not yet published is withdrawn first)."""
    when = "在该项目的助推款登记拨付前" if after_close else "结束公示前"
    return (f"{when}可撤销（其后重新采纳的拟助推名单已公示的不能撤销，"
            "尚未公示的先撤回该名单）")


def recorded_after_close(reg: Register, project_id: int) -> bool:
    """Whether a decision recorded now on ``project_id`` is one after its batch's close."""
    from .publicity import period_of

    period = period_of(reg, project_id)
    return period is not None and period.closed is not None


def withdraw_refusal(reg: Register, app: ProjectApplication, kept: KeptTier) -> str:
    """Why ``kept`` (``app``'s standing decision) cannot be withdrawn now, or ""."""
    return (_approved_on_it(reg, app, kept) or _paid(reg, app, kept)
            or _adopted_after(reg, app, kept))


def _approved_on_it(reg: Register, app: ProjectApplication, kept: KeptTier) -> str:
    """Recorded before its batch's close: the close approved the award on it."""
    from .publicity import period_of

    period = period_of(reg, app.id or 0)
    if period is None or period.closed is None:
        return ""
    closed_by = reg.scalar(
        "SELECT MAX(id) FROM audit_events WHERE entity = 'publicity_periods'"
        " AND entity_id = ? AND action = 'close'", (period.id,))
    if closed_by is not None and kept.event_id > closed_by:
        return ""  # recorded after the close: no approval was made on it
    tier = tier_name(reg.campaign(app.campaign_year), kept.published_fen)
    from boostdesk.printing.common import cn_date as _cn

    return (f"不能撤销：项目“{app.title}”所在的第{period.batch}批公示已于"
            f" {_cn(period.closed)}结束，结束公示时已按该决定以公示档次（{tier}）核准。"
            "结束公示前登记的维持公示档次决定只能在结束公示前撤销；调高档次须按新档次另行公示，本软件"
            "不能登记调高，确需调整已核准的助推，请报请研究后另行办理")


def _paid(reg: Register, app: ProjectApplication, kept: KeptTier) -> str:
    """A part of the award's money stands paid (at the tier the decision kept)."""
    from .publicity import award_money

    paid, _returned = award_money(reg, app.id or 0)
    if not paid:  # never paid, or every transfer sent back (退汇): nothing has moved
        return ""
    tier = tier_name(reg.campaign(app.campaign_year), kept.published_fen)
    return (f"不能撤销：项目“{app.title}”的助推款已按公示档次（{tier}）登记拨付"
            f" {format_money(paid)}（现为“{STATUS_ZH.get(app.status, app.status)}”），"
            "已拨付的助推不再变动，维持公示档次的决定不能再撤销；是否另作调整，请报请研究"
            "（如是拨付登记有误，先在“拨付”中撤销拨付登记，再撤销该决定）")


def _adopted_after(reg: Register, app: ProjectApplication, kept: KeptTier) -> str:
    """A proposal adopted after the decision still stands (in publicity or beyond, or not
    yet published): it was adopted with the place left open by the decision."""
    cid = reg.campaign_id(app.campaign_year)
    events = reg.conn.execute(
        "SELECT id, action, at FROM audit_events WHERE entity = 'proposals' AND entity_id = ?"
        " AND action IN ('adopt', 'withdraw') AND id > ? ORDER BY id",
        (cid, kept.event_id)).fetchall()
    adoptions = [(eid, str(at)) for eid, action, at in events if action == "adopt"]
    if not adoptions:
        return ""
    tier = tier_name(reg.campaign(app.campaign_year), kept.ranked_fen)
    taken = f"（空出的{tier}名额留空、“{app.title}”不调高）"
    started = reg.conn.execute(
        "SELECT p.id, p.start_date FROM audit_events e JOIN publicity_periods p"
        " ON p.id = e.entity_id WHERE e.entity = 'publicity_periods' AND e.action = 'create'"
        " AND p.campaign_id = ? AND e.id > ? ORDER BY e.id LIMIT 1",
        (cid, adoptions[0][0])).fetchone()
    if started is not None:
        batch = reg.scalar("SELECT COUNT(*) FROM publicity_periods WHERE campaign_id = ?"
                           " AND id <= ?", (cid, started[0]))
        return (f"不能撤销：该决定之后重新采纳的拟助推名单已作为第{batch}批公示（{started[1]} 起），"
                f"采纳时以该决定为准{taken}，撤销会使已公示的名单不再是排名的结果；"
                "是否另作调整，请报请研究")
    if events[-1][1] == "adopt":
        return (f"不能撤销：该决定之后于 {adoptions[-1][1][:10]} 重新采纳了拟助推名单（尚未公示），"
                f"采纳时以该决定为准{taken}：请先在“专家评审 → 排名与档次”中撤回拟助推名单"
                + aside("boostdesk panel withdraw") + "，再撤销该决定，之后按排名重新采纳")
    return ""  # adopted after it, then withdrawn: nothing rests on it
