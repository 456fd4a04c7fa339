"""Exporting scoring packages: one file per expert with projects to score, into a folder,
the others named with why they get none; each export in the audit trail."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from boostdesk.models.register import Register
from boostdesk.no_enterprise import package_line
from boostdesk.os_errors import cannot_write, explain_os_error
from boostdesk.safety.files import private_dir

from .errors import PanelError
from .experts import Expert, assignment_conflicts, expert_by_name, experts
from .grid import ensure_grid
from .package_closed import closed_for_expert
from .package_keys import signing_key
from .package_projects import package_projects, why_no_package
from .package_writer import write_package

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "专家"


@dataclass(frozen=True)
class ExportResult:
    """What an export of packages wrote, and the experts it left out, each with why."""

    paths: list[Path]
    idle: tuple[tuple[str, str], ...] = ()  # (expert, why no package)
    chosen: int = 0  # how many packages it set out to write
    # projects in the packages written whose studio has no 所在单位: 回避 unchecked
    unchecked: tuple[str, ...] = ()

    def unchecked_line(self) -> str:
        """Which projects of the packages could not be checked for 回避, and why ("" when
        none): the window and the command line say it under the headline."""
        return package_line(self.unchecked)

    def idle_line(self) -> str:
        """The experts given no package, as the window and the command line say it:
        “专家3”没有分配项目，未导出."""
        return "；".join(f"“{name}”{why}" for name, why in self.idle) + "，未导出" if self.idle else ""

    def headline(self, folder: Path | str) -> str:
        """已导出 N 位专家的评分包（存放在 …）；“专家3”没有分配项目，未导出."""
        line = f"已导出 {len(self.paths)} 位专家的评分包（存放在 {folder}）"
        return line + (f"；{self.idle_line()}" if self.idle else "")


def package_name(year: int, e: Expert) -> str:
    return f"{year}年度专家评分包_{_safe_name(e.name)}.xlsx"


def export_packages(
    reg: Register, year: int, out_dir: str | Path, names: list[str] | None = None,
    progress: Progress | None = None, cancelled: Cancelled | None = None,
) -> list[Path]:
    """Write one package per expert (those named, else every expert with projects to score)."""
    return export_chosen(reg, year, out_dir, names, progress, cancelled).paths


def export_chosen(
    reg: Register, year: int, out_dir: str | Path, names: list[str] | None = None,
    progress: Progress | None = None, cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write one package per expert — those named, else every expert of the year — who has
    projects to score; the others are left out and named with why. Refused (PanelError,
    nothing written) only when none of them has anything to score."""
    out = Path(out_dir)
    known = assignment_conflicts(reg, year)
    asked = ([expert_by_name(reg, year, n) for n in dict.fromkeys(names)] if names
             else experts(reg, year))
    chosen = [e for e in asked if package_projects(reg, year, e.id or 0, known=known)]
    idle = tuple((e.name, why_no_package(reg, year, e, known)) for e in asked
                 if e not in chosen)
    if not chosen:
        if names:  # why, and for projects adopted or published what the office does
            raise PanelError("；".join(f"专家“{name}”{why}" for name, why in idle)
                             + "：没有待评审的项目，未生成评分包" + "".join(
                                 f"\n  {e.name}：{line}" if len(asked) > 1 else f"\n  {line}"
                                 for e in asked for line in closed_for_expert(reg, year, e.id or 0)))
        raise PanelError(f"{year} 年度还没有分配给专家的待评审项目，请先分配")
    try:
        if not out.is_dir():  # made here: the owner's alone, as its packages (0600)
            private_dir(out)
    except OSError as exc:
        raise PanelError(f"无法建立文件夹 {out}（{explain_os_error(exc)}）") from exc
    # Stored only once a package will be written: a refused export changes nothing.
    grid = ensure_grid(reg, year)
    key = signing_key(reg, create=True)
    assert key is not None
    written: list[Path] = []
    unchecked: dict[str, None] = {}  # in order, once each
    try:
        for n, e in enumerate(chosen):
            if cancelled and cancelled():
                break
            path = out / package_name(year, e)
            try:
                unchecked.update(dict.fromkeys(
                    write_package(reg, year, e, grid, key, path, known=known)))
            except OSError as exc:
                raise PanelError(cannot_write(path, exc)) from exc
            written.append(path)
            if progress:
                progress(n + 1, len(chosen))
    finally:  # the packages that did go out are in the trail, even when a later one failed
        if written:  # its own write: sealed as it commits (0.19.0 left it unsealed)
            with reg.transaction():
                reg.audit("export_packages", "campaigns", reg.campaign_id(year), None,
                          {"experts": [e.name for e in chosen[:len(written)]],
                           "folder": str(out),
                           # "note": a key the trail already says in Chinese (说明)
                           **({"note": "未导出：" + "；".join(f"{name}{why}" for name, why in idle)}
                              if idle else {})})
    return ExportResult(written, idle, len(chosen), tuple(unchecked))
