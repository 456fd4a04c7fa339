"""The 评审汇总表's projects closed at 结年 (:mod:`.past_close`): a project still under
review (or qualified and never sent to the experts) when its year was closed is 未获助推
and no longer ranked — yet its experts' scores stand in the register and the signed table
must show them, with what became of the project, rather than drop the row."""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.models.records import PROJECT, ProjectApplication
from boostdesk.models.register import Register

from .past_close import closed_by_close, closed_since_reopen

CLOSED_NOTE = "结年未获助推（未采纳）"
# the stages a close found a project of the ranking in: qualified (ranked unscored) or
# under review; one never qualified was never ranked
_RANKED_STAGES = ("qualified", "review")


@dataclass(frozen=True)
class ClosedAtYearEnd:
    day: str  # the close's day, ISO
    projects: tuple[ProjectApplication, ...]  # those the ranking had, by id
    unqualified: int  # closed before 资格审核: never ranked, counted only

    @property
    def line(self) -> str:
        """The line under the title: how many the close recorded 未获助推, and where."""
        if not self.projects and not self.unqualified:
            return ""
        text = f"{self.day} 结年：" if self.day else "结年："
        if self.projects:
            text += (f"{len(self.projects)} 个参加评审的项目未采纳，记为未获助推，"
                     f"列于各级别之末（备注“{CLOSED_NOTE}”，不排名次）")
        if self.unqualified:
            text += (("；另有" if self.projects else "")
                     + f" {self.unqualified} 项未经资格审核的申报记为未获助推，未参加评审")
        return text


def closed_at_year_end(reg: Register, year: int, ranked: set[int]) -> ClosedAtYearEnd:
    """The year's projects its close (since any reopening) recorded 未获助推 that the
    ranking (``ranked``: its project ids) no longer holds."""
    back = closed_by_close(reg, year)
    mine = [b for (stream, _), b in back.back.items() if stream == PROJECT]
    ids = [b.app_id for b in mine if b.status in _RANKED_STAGES and b.app_id not in ranked]
    apps = tuple(sorted(reg.projects_by_id(ids), key=lambda p: p.id or 0)) if ids else ()
    return ClosedAtYearEnd(closed_since_reopen(reg, year), apps,
                           sum(1 for b in mine if b.status not in _RANKED_STAGES))
