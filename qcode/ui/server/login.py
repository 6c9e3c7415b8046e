"""Who a server project's window is connected as, in the words the window uses: its title,
the read-only notes of a reader, the coder (always the login role on a server)."""

from __future__ import annotations

from qcode.project import Project

#: the coder button's tooltip on a server, and what clicking it (or Change coder…) says
SERVER_CODER_TIP = ("On a team server your codings carry your login role ({login}); to code "
                    "under another name, open the project as that role.")


def window_title(project: Project) -> str:
    """``study on host — amira (coder)``, or ``… (reader, read-only)``."""
    rights = project.rights or "member"
    if project.readonly:
        rights = f"{rights}, read-only"
    return f"{project.label} — {project.login} ({rights})"


def read_only_message(project: Project) -> str:
    """Why a change to ``project`` is refused: a reader is told they are one; a file open
    read-only is held by another window."""
    if project.on_server and project.rights == "reader":
        return (f"{project.label}: you are a reader of this project ({project.login}): you can "
                "read, search and export, but not change it; its lead can make you a coder")
    if project.on_server:
        return f"{project.label} is open read-only: open it again to make changes"
    return (f"{project.path.name} is open read-only: close it in the other qcode window and "
            "open it again to make changes")


def read_only_tip(project: Project) -> str:
    """The status bar's Read-only label's tooltip."""
    if project.on_server and project.rights == "reader":
        return (f"You ({project.login}) are a reader of this project: you can read, search "
                "and export, but not change it.")
    return "This project is open read-only: you can read and export, but not change it."


def coder_tip(project: Project) -> str:
    """The coder button's tooltip on a server: the login role codes (a reader does not)."""
    if project.rights == "reader":
        return (f"You read this project as {project.login}, a reader: readers do not code "
                "(its lead can make you a coder).")
    return SERVER_CODER_TIP.format(login=project.login)


def offline_coder_tip(login: str) -> str:
    """The coder button's tooltip in a copy pulled from a server."""
    return (f"This is an offline copy pulled from a team server as {login}: your codings carry "
            f"{login}, so that merging the copy back brings them home.")
