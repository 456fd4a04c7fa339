"""A file or folder the system refused, said in Chinese.

``OSError.strerror`` is the C library's English ("Permission denied", "Is a directory"):
the clerk reads what it means and what to do instead. Windows sets ``winerror`` for a
file another program holds open (Excel locks the workbook it shows), which is the most
common refusal in an office.
"""

from __future__ import annotations

import errno

_BY_ERRNO = {
    errno.EACCES: "没有权限：文件可能正在 Excel、WPS 或其他程序中打开，或文件夹只读",
    errno.EPERM: "没有权限：文件可能正在其他程序中打开，或文件夹只读",
    errno.ENOENT: "找不到该文件或其所在文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件：请写出文件名",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘已满",
    errno.EROFS: "磁盘或文件夹只读",
    errno.EEXIST: "同名文件已存在",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EINVAL: "文件名无效（不能含 \\ / : * ? \" < > |）",
    errno.EDQUOT: "磁盘配额已用完",
}
# Windows' own codes, where Python's errno for them (PC/errmap.h) says something else:
# ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (a workbook open in Excel), and those it
# calls EACCES (a write-protected stick, a drive gone) or ENOENT (a path over 260
# characters, a network drive not connected), which were said as a file open in Excel
# or a folder missing.
_BY_WINERROR = {
    32: "文件正在其他程序（如 Excel、WPS）中打开，请先关闭",
    33: "文件的一部分被其他程序锁定",
    19: "磁盘写保护",  # ERROR_WRITE_PROTECT
    21: "设备未就绪：U 盘、移动硬盘或网络驱动器可能已拔出或断开",  # ERROR_NOT_READY
    53: "找不到网络路径：网络驱动器可能未连接",  # ERROR_BAD_NETPATH
    67: "找不到网络共享名：网络驱动器可能未连接",  # ERROR_BAD_NET_NAME
    206: "文件名或路径太长：Windows 的路径一般不能超过 260 个字符",  # ERROR_FILENAME_EXCED_RANGE
}
_WINERROR_ADVICE = {
    19: "请打开 U 盘的写保护开关，或另存到其他磁盘",
    21: "请重新插好或连接后再试，或另存到其他磁盘",
    53: "请确认网络驱动器已连接，或另存到本机磁盘",
    67: "请确认网络驱动器已连接，或另存到本机磁盘",
    206: "请改用较短的文件名，或存到路径较短的文件夹（如 D:\\导出）",
}


def explain_os_error(exc: OSError) -> str:
    """What the system said, in Chinese; the English words only for a code not known here."""
    said = _BY_WINERROR.get(getattr(exc, "winerror", None) or 0) or _BY_ERRNO.get(exc.errno or 0)
    if said:
        return said
    return f"系统错误{f' {exc.errno}' if exc.errno else ''}：{exc.strerror or exc}"


# What to do about a file that could not be written, by what the system said.
_WRITE_ADVICE = {
    errno.EACCES: "如该文件正在 Excel、WPS 或 PDF 阅读器中打开，请先关闭；否则请另存到可写的文件夹",
    errno.EPERM: "如该文件正在其他程序中打开，请先关闭；否则请另存到可写的文件夹",
    errno.EBUSY: "请先在其他程序中关闭该文件",
    errno.ENOENT: "请检查文件夹是否存在、路径是否写对",
    errno.ENOTDIR: "请检查路径是否写对",
    errno.ENOSPC: "请腾出磁盘空间，或另存到其他磁盘",
    errno.EDQUOT: "请腾出空间，或另存到其他磁盘",
    errno.EROFS: "请另存到可写的磁盘或文件夹",
    errno.EEXIST: "请另选文件名",
    errno.ENAMETOOLONG: "请改用较短的文件名，或存到路径较短的文件夹",
    errno.EINVAL: "请另选文件名",
}


def cannot_write(path: object, exc: OSError) -> str:
    """无法写入 path（what the system said）：what to do about that cause. A full disk or a
    missing folder was told 如该文件正在打开，请先关闭 as a file held open by Excel is."""
    said = explain_os_error(exc)
    advice = "" if "请" in said else (
        _WINERROR_ADVICE.get(getattr(exc, "winerror", None) or 0)
        or _WRITE_ADVICE.get(exc.errno or 0, "请检查文件名和文件夹，或另存到其他位置"))
    return f"无法写入 {path}（{said}）" + (f"：{advice}" if advice else "")
