"""Stop-word lists the user can edit: English and Arabic ship with qcode, others may be added.

The shipped lists (``qcode/search/stopword_lists/*.txt``) are copied, the first time a list is
asked for, to the user's data folder (``stopwords/en.txt``, ``stopwords/ar.txt`` under
:func:`qcode.userdata.data_dir`, which ``QCODE_DATA_DIR`` moves). From then on qcode reads the
user's copy every time it counts, so an edit counts at once and an update of qcode never
overwrites it. Any other ``NAME.txt`` the user puts in that folder is a list named ``NAME``.

A list is UTF-8 text, one word a line (several words on a line are read as several); blank
lines and lines starting with ``#`` are notes. Words are compared as the counts compare them
(:mod:`qcode.search.words`), so a list need not spell out case or vowel-mark variants.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from qcode.errors import InputError
from qcode.userdata import data_dir

SHIPPED = Path(__file__).with_name("stopword_lists")
FOLDER = "stopwords"
SUFFIX = ".txt"


def stopwords_dir() -> Path:
    """The folder of the user's lists, created with a copy of each shipped list it lacks."""
    folder = data_dir() / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for shipped in sorted(SHIPPED.glob(f"*{SUFFIX}")):
            mine = folder / shipped.name
            if not mine.exists():
                shutil.copyfile(shipped, mine)
    except OSError as exc:
        raise InputError(f"cannot make the stop-word lists there ({exc.strerror or exc})",
                         path=folder) from exc
    return folder


def list_names() -> tuple[str, ...]:
    """The lists there are: the shipped ones and any the user added, by name."""
    shipped = {p.stem for p in SHIPPED.glob(f"*{SUFFIX}")}
    folder = data_dir() / FOLDER
    added = {p.stem for p in folder.glob(f"*{SUFFIX}")} if folder.is_dir() else set()
    return tuple(sorted(shipped | added))


def parse_names(spec: str) -> tuple[str, ...]:
    """``"en,ar"`` -> ("en", "ar"): names as typed, spaces and empty items dropped."""
    names: list[str] = []
    for name in spec.split(","):
        name = name.strip().lower()
        if name and name not in names:
            names.append(name)
    return tuple(names)


def list_path(name: str) -> Path:
    """The user's file of the list ``name`` (copied from the shipped list on first use)."""
    folder = stopwords_dir()
    path = folder / f"{name}{SUFFIX}"
    if "/" in name or "\\" in name or name.startswith(".") or not path.is_file():
        raise InputError(f"no stop-word list named {name!r} (lists: "
                         f"{', '.join(list_names())}; add NAME.txt to {folder})")
    return path


def read_list(path: Path) -> tuple[str, ...]:
    """The words of one list file, in file order."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text: save the stop-word list as UTF-8", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read the stop-word list ({exc.strerror or exc})",
                         path=path) from exc
    words: list[str] = []
    for line in text.splitlines():
        if not line.lstrip().startswith("#"):
            words.extend(line.split())
    return tuple(words)


def load_stopwords(names: tuple[str, ...]) -> tuple[tuple[Path, ...], frozenset[str]]:
    """The files of the lists ``names`` and every word in them, as written."""
    paths = tuple(list_path(name) for name in names)
    words = frozenset(word for path in paths for word in read_list(path))
    return paths, words
