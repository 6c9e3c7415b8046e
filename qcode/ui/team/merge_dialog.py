"""File → Merge project…: which other copies to bring in, and which coder names to map.

The dialog only gathers and checks the choice (:func:`merge_choice`); the merge itself runs
in a :class:`~qcode.ui.exchange.run_dialog.RunDialog` (see :mod:`qcode.ui.team.menu`). A choice
that cannot work (no file, a file that is not there, an alias without both names) is one line
under the form, and the dialog stays open to correct it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import InputError
from qcode.project import SUFFIX
from qcode.ui.errors import reads_left_to_right

PROJECT_FILTER = f"qcode projects (*{SUFFIX});;All files (*)"


@dataclass(frozen=True)
class MergeChoice:
    sources: tuple[Path, ...]
    coder_aliases: dict[str, str]


def parse_aliases(text: str) -> dict[str, str]:
    """One ``OLD=NEW`` a line (blank lines ignored); a line without both names is refused."""
    aliases: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        old, sep, new = line.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise InputError(f"a coder alias is written OLD=NEW, not {line.strip()!r}")
        aliases[old.strip()] = new.strip()
    return aliases


def merge_choice(sources: list[Path], aliases_text: str) -> MergeChoice:
    """The choice, checked before any work starts (InputError naming what is wrong)."""
    if not sources:
        raise InputError("choose at least one project file to merge")
    for source in sources:
        if not source.is_file():
            raise InputError("no such file" if not source.exists() else "not a file",
                             path=source)
    return MergeChoice(tuple(sources), parse_aliases(aliases_text))


class MergeDialog(QDialog):
    """Files to merge (Add…, Remove) and coder aliases; ``choice`` is set when accepted."""

    def __init__(self, project_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamMergeDialog")
        self.setWindowTitle("Merge projects")
        self.choice: MergeChoice | None = None
        intro = QLabel(reads_left_to_right(
            f"Bring other copies of the project into {project_name}: documents, codes, "
            "codings and memos they hold that this project lacks. One undo takes it back."))
        intro.setWordWrap(True)
        self.files = QListWidget()
        self.files.setObjectName("mergeSources")
        add = QPushButton("Add…")
        add.clicked.connect(self.choose_files)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        self.aliases = QPlainTextEdit()
        self.aliases.setObjectName("mergeAliases")
        self.aliases.setPlaceholderText("omar=Omar   (one OLD=NEW a line: a coder who used "
                                        "two names)")
        self.aliases.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.problem = QLabel()
        self.problem.setObjectName("mergeProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("font-weight: bold")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(add)
        file_buttons.addWidget(remove)
        file_buttons.addStretch(1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.files, 1)
        file_row.addLayout(file_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Project files to merge:"))
        layout.addLayout(file_row)
        layout.addWidget(QLabel("Coder aliases (optional):"))
        layout.addWidget(self.aliases)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def sources(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def add_sources(self, paths: list[Path]) -> None:
        known = set(self.sources())
        for path in paths:
            if path not in known:
                self.files.addItem(str(path))
                known.add(path)

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Projects to merge", "", PROJECT_FILTER)
        self.add_sources([Path(name) for name in names])

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def accept(self) -> None:
        """Close with the choice, or say in one line why it cannot be merged."""
        try:
            self.choice = merge_choice(self.sources(), self.aliases.toPlainText())
        except InputError as exc:
            self.problem.setText(reads_left_to_right(str(exc)))
            self.problem.show()
            return
        super().accept()
