"""What can go wrong reading or storing a summary table; every message in Chinese."""

from __future__ import annotations

from dataclasses import dataclass


class ImportFailed(Exception):
    """The file cannot be read as a summary table at all (wrong format, empty, no headers)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportRefused(Exception):
    """Some rows cannot be read; nothing was stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportCancelled(Exception):
    """The user cancelled a long import; nothing was stored."""

    def __init__(self, message: str = "导入已取消，未导入任何数据") -> None:
        super().__init__(message)
        self.message = message


class ExportCancelled(Exception):
    """The user cancelled a long export; no file was written."""

    def __init__(self, message: str = "已取消导出，未生成文件") -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CellError:
    """One cell that makes its row unreadable: sheet row (1-based), header text, reason;
    header "" for the row as a whole (its cells shifted along)."""

    row: int
    column: str
    message: str
    # the message as the union that sent the table reads it (复制问题清单, the letter),
    # where the clerk's names what the union must not read (another person's payment)
    union: str = ""

    def __str__(self) -> str:
        if not self.column:
            return f"第 {self.row} 行：{self.message}"
        return f"第 {self.row} 行“{self.column}”：{self.message}"
