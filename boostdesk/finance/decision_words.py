"""Whose decision: a 延期验收's ``--decision`` and a late acceptance's ``--late-reason``
must say who decided (主任办公会, 党组会, a named person) and that it was decided
(研究同意, 批准…). One check for both options and both dialogs: "同意" alone passed a
check for the verb and printed on the 审批表 as "延期验收至…：同意". No Qt here."""

from __future__ import annotations

import re

# the decision itself (主任办公会…研究同意)
DECIDED = re.compile("研究|同意|决定|批准|批示|审定|审议|议定|决议")
# a body or an office holder who decides (主任办公会, 党组会, 王主任…)
BODY = re.compile("办公会|党组|党委|常委|委员会|领导小组|会议|主任|主席|书记|局长|部长|处长|科长"
                  "|院长|厂长|经理|总工会|办公室")
# said before the verb, naming nobody (经研究同意, 上级同意)
NOBODY = {"", "经", "由", "已", "经过", "领导", "上级", "集体", "单位", "有关", "相关", "有关部门",
          "相关部门", "组织", "本人", "我"}
_DATE = re.compile(r"[0-9０-９]{2,4}[-年./][0-9０-９]{1,2}[-月./][0-9０-９]{1,2}日?|某月某日|某年某月某日")
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")


def names_who_decided(text: str) -> bool:
    """Whether ``text`` says that someone named decided: a decision verb, and a body or
    office holder anywhere in it, or a name (2–5 characters) just before the verb."""
    verb = DECIDED.search(text)
    if verb is None:
        return False
    if BODY.search(text):
        return True
    before = _DATE.sub("", text[:verb.start()])
    before = re.sub(r"[\s，,、：:；;（）()]", "", before)
    before = re.sub("^(经过|经|由)", "", before)
    return before not in NOBODY and _NAME.fullmatch(before) is not None


def decision_refusal(text: str, what: str, example: str) -> str:
    """Why ``text`` cannot stand as ``what`` (延期验收的决定, 逾期结题的同意理由): empty,
    or naming no one who decided; "" when it can. ``example`` ends the advice."""
    text = " ".join(text.split())
    if not text:
        return f"{what}须写明经谁研究同意、何时及理由，如 {example}"
    if not names_who_decided(text):
        return (f"“{text}”没有写明是谁的决定：{what}须写明经谁（主任办公会、党组会或批准人姓名）"
                f"何时研究同意，如 {example}")
    return ""
