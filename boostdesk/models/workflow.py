"""Status workflow of each stream: which moves are legal."""

from __future__ import annotations

from .records import PATENT, PROJECT

STATUS_ZH = {
    "registered": "已登记",
    "qualified": "资格审核通过",
    "refused": "资格审核不通过",
    "review": "专家评审",
    "proposed": "拟助推",
    "publicized": "公示",
    "approved": "核准",
    "paid": "已拨付",
    "paid_first": "首笔拨付",
    "accepted": "结题验收",
    "paid_final": "尾款拨付",
    "not_awarded": "未获助推",
}

# from -> allowed targets. A refusal can be reopened for a new review; an
# objection upheld in publicity ends in not_awarded.
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    PATENT: {
        "registered": ("qualified", "refused"),
        "qualified": ("approved", "refused"),
        "refused": ("registered",),
        "approved": ("paid",),
        "paid": (),
    },
    PROJECT: {
        "registered": ("qualified", "refused"),
        "qualified": ("review", "refused"),
        "refused": ("registered",),
        "review": ("proposed", "not_awarded"),
        "proposed": ("publicized", "review", "not_awarded"),
        "publicized": ("approved", "not_awarded"),
        "approved": ("paid_first",),
        "paid_first": ("accepted",),
        "accepted": ("paid_final",),
        "paid_final": (),
        "not_awarded": ("review",),
    },
}

# Moves that need a reason typed by the operator.
NEEDS_REASON = {"refused", "not_awarded", "registered"}


class IllegalTransition(ValueError):
    def __init__(self, stream: str, current: str, target: str):
        self.message = (
            f"不能从“{STATUS_ZH.get(current, current)}”改为“{STATUS_ZH.get(target, target)}”："
            f"允许的下一步为 {'、'.join(STATUS_ZH[s] for s in allowed(stream, current)) or '无'}"
        )
        super().__init__(self.message)


def allowed(stream: str, current: str) -> tuple[str, ...]:
    return TRANSITIONS[stream].get(current, ())


def check_transition(stream: str, current: str, target: str, reason: str = "") -> None:
    if target not in allowed(stream, current):
        raise IllegalTransition(stream, current, target)
    if target in NEEDS_REASON and not reason.strip():
        raise ValueError(f"改为“{STATUS_ZH[target]}”须填写理由")


def statuses(stream: str) -> tuple[str, ...]:
    return tuple(TRANSITIONS[stream])
