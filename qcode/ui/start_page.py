"""What the window shows when no project is open: start a project, open one, or try the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def _heading(text: str, scale: float, bold: bool = True) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    return label


class StartPage(QWidget):
    """Big, plain choices; the recent projects list opens with a double-click or Enter."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    server_requested = Signal()
    recent_chosen = Signal(object)  # a Path, or a server URL (str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        style = self.style()
        self.new_button = self._action_button(
            "New project…", "Start an empty project, then import transcripts",
            style.standardIcon(QStyle.StandardPixmap.SP_FileIcon), self.new_requested)
        self.open_button = self._action_button(
            "Open project…", "Continue with a .qcode project file",
            style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton), self.open_requested)
        self.server_button = self._action_button(
            "Open server project…", "A team project on a PostgreSQL server",
            style.standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon), self.server_requested)
        self.demo_button = self._action_button(
            "Open the demo project",
            "Try qcode on 23 fictional interviews about e-government in Libya",
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView), self.demo_requested)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentProjects")
        self.recent_list.setIconSize(QSize(20, 20))
        self.recent_list.itemActivated.connect(self._recent_activated)
        self.no_recent = QLabel("Projects you open will be listed here.")
        self.no_recent.setEnabled(False)
        self.busy_label = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumHeight(8)
        self.busy_bar.setTextVisible(False)
        self._arrange()
        self.set_busy(None)

    def _action_button(self, title: str, detail: str, icon: object, signal: Signal
                       ) -> QPushButton:
        button = QPushButton(f"{title}\n{detail}")
        button.setIcon(icon)  # type: ignore[arg-type]
        button.setIconSize(QSize(32, 32))
        button.setMinimumHeight(64)
        button.setStyleSheet("QPushButton { text-align: left; padding: 8px 14px; }")
        button.clicked.connect(signal)
        return button

    def _arrange(self) -> None:
        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(_heading("qcode", 2.4))
        subtitle = _heading("Qualitative coding of interview transcripts", 1.15, bold=False)
        column.addWidget(subtitle)
        column.addSpacing(18)
        opening = QHBoxLayout()  # a file or a server: side by side, the page no taller
        opening.addWidget(self.open_button, 1)
        opening.addWidget(self.server_button, 1)
        column.addWidget(self.new_button)
        column.addLayout(opening)
        column.addWidget(self.demo_button)
        column.addWidget(self.busy_label)
        column.addWidget(self.busy_bar)
        column.addSpacing(14)
        column.addWidget(_heading("Recent projects", 1.1))
        column.addWidget(self.recent_list, 3)
        column.addWidget(self.no_recent)
        column.addStretch(1)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(680)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 40, 24, 24)
        outer.addStretch(1)
        outer.addWidget(holder, 4)
        outer.addStretch(1)

    # -- state ---------------------------------------------------------------------------------

    def set_recent(self, entries: list[Path | str]) -> None:
        """Project files (name, then folder) and server projects (``db on host``, then the
        URL, which never holds a password)."""
        self.recent_list.clear()
        style = self.style()
        file_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        server_icon = style.standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon)
        for entry in entries:
            if isinstance(entry, str):
                item = QListWidgetItem(server_icon, f"{server_label(entry)}\n{entry}")
            else:
                item = QListWidgetItem(file_icon, f"{entry.stem}\n{entry.parent}")
            item.setData(PATH_ROLE, entry)
            item.setToolTip(str(entry))
            self.recent_list.addItem(item)
        self.recent_list.setVisible(bool(entries))
        self.no_recent.setVisible(not entries)
        if entries:
            self.recent_list.setCurrentRow(0)

    def recent_paths(self) -> list[Path | str]:
        """The listed projects: paths, and server URLs as text."""
        return [self.recent_list.item(i).data(PATH_ROLE) for i in range(self.recent_list.count())]

    def set_busy(self, text: str | None) -> None:
        """Show ``text`` with a busy bar (building the demo), or hide both with None."""
        self.busy_label.setText(text or "")
        self.busy_label.setVisible(text is not None)
        self.busy_bar.setVisible(text is not None)
        for button in self._buttons():
            button.setEnabled(text is None)
        self.recent_list.setEnabled(text is None)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.new_button, self.open_button, self.server_button, self.demo_button)

    def _recent_activated(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(item.data(PATH_ROLE))


def server_label(url: str, *, login: bool = False) -> str:
    """``database on host`` for a remembered server URL (with ``login``: ``… — amira`` when
    the URL names the role); the URL itself if it does not read."""
    from qcode.errors import QcodeError
    from qcode.server.url import parse

    try:
        address = parse(url)[0]
    except QcodeError:
        return url
    return f"{address.label} — {address.user}" if login and address.user else address.label
