"""Stage 1, load: read every input file into located, unvalidated documents."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .history import REGISTRY_FOLDERS, GoneFile, GoneId, file_history, gone_ids
from .incremental import ParseCache
from .models import REGISTRIES, Page
from .problems import Problem
from .yamlsafe import Doc, decode, parse

DATA_SUFFIXES = (".yaml", ".yml")
REDIRECTS = "redirects"  # data/redirects.yaml: a list of old addresses and where their content went


@dataclass
class MarkdownDoc:
    """A Markdown page: its front matter as a Doc and its body with the line it starts on."""

    path: str
    slug: str
    front: Doc
    body: str
    body_line: int


@dataclass
class Inputs:
    """Everything read from disk, before validation."""

    root: Path
    registries: dict[str, Doc] = field(default_factory=dict)
    facts: list[Doc] = field(default_factory=list)
    pages: list[MarkdownDoc] = field(default_factory=list)
    fact_ids: set[str] = field(default_factory=set)
    broken_registries: set[str] = field(default_factory=set)
    redirects: Doc | None = None  # None when there is no data/redirects.yaml, or it cannot be read
    gone: list[GoneFile] = field(default_factory=list)  # fact and page files git's history holds, the tree not
    added: dict[str, str] = field(default_factory=dict)  # the day git's history added each fact and page file
    gone_ids: list[GoneId] = field(default_factory=list)  # metrics, events, people, charts: ids history holds
    unread: list[str] = field(default_factory=list)  # data and page files not read for their place or name
    page_names: set[str] = field(default_factory=set)  # the name of every content page file, readable or not


def load(root: Path, cache_dir: Path | None = None) -> tuple[Inputs, list[Problem]]:
    """Read data/ and content/ below root; return the documents and every problem met.

    With cache_dir, parsed YAML is kept there and reused while a file's text is unchanged.
    """
    inputs = Inputs(root)
    problems: list[Problem] = []
    cache = ParseCache(cache_dir)
    for name in REGISTRIES:
        doc = _load_registry(root, name, problems, cache)
        if doc is not None:
            inputs.registries[name] = doc
        else:
            inputs.broken_registries.add(name)
    inputs.redirects = _load_redirects(root, problems, cache)
    below_facts: list[Path] = []
    for path in _files(root, root / "data" / "facts", DATA_SUFFIXES, problems, below_facts):
        inputs.fact_ids.add(path.stem)
        doc = _load_yaml(root, path, problems, cache)
        if doc is not None:
            inputs.facts.append(doc)
    for path in _files(root, root / "content", (".md",), problems):
        inputs.page_names.add(path.stem)
        page = _load_markdown(root, path, problems, cache)
        if page is not None:
            inputs.pages.append(page)
    unread = _unread(root, below_facts)
    inputs.unread = [problem.path for problem in unread]
    problems += unread
    inputs.gone, inputs.added = file_history(root)
    inputs.gone_ids = gone_ids(root, _record_ids(inputs), {path: set(REGISTRIES[_registry_name(path)].model_fields)
                                                           for path in REGISTRY_FOLDERS})
    cache.save()
    return inputs, problems


def _record_ids(inputs: Inputs) -> dict[str, set[str]]:
    """The ids each shared file whose records give pages holds now, by its path (data/metrics.yaml),
    for the files that could be read."""
    found = {}
    for path in REGISTRY_FOLDERS:
        doc = inputs.registries.get(_registry_name(path))
        if doc is not None and isinstance(doc.data, dict):
            found[path] = {str(key) for key in doc.data}
    return found


def _registry_name(path: str) -> str:
    """A shared file's name in REGISTRIES: data/metrics.yaml → metrics."""
    return path.removeprefix("data/").removesuffix(".yaml")


def _unread(root: Path, below_facts: list[Path]) -> list[Problem]:
    """A warning for each data or Markdown file the build does not read because of where it is
    or how it is named (a fact in data/ or in a folder of its own, a registry named .yml), so
    that an editor's new file is not left out without a word. below_facts: the folders in
    data/facts/ (its files are read, or reported, by _files). Names starting with a dot are
    passed over."""
    data, registries = root / "data", {f"{name}.yaml" for name in (*REGISTRIES, REDIRECTS)}
    found = []
    for path in _walk(data, skip=data / "facts") + [p for folder in below_facts for p in _walk(folder)]:
        if path.suffix not in DATA_SUFFIXES or path.parent == data and path.name in registries:
            continue
        if path.parent == data and path.stem in (*REGISTRIES, REDIRECTS):
            hint = f"the file read is {path.stem}.yaml: rename this one, or move its records there"
        elif path.parent == data:
            hint = f"a fact goes in data/facts/, and the files read here are {', '.join(sorted(registries))}"
        else:
            hint = "a fact goes in data/facts/ itself, not in a folder below it or beside it"
        found.append(Problem(relative(root, path), 1, 1, f"this file is not read: {hint}", warning=True))
    for path in _walk(root / "content"):
        if path.suffix == ".md" and path.parent != root / "content":
            found.append(Problem(relative(root, path), 1, 1, "this file is not read: a page goes in content/ "
                                                            "itself, not in a folder below it", warning=True))
    for folder, suffixes, what in ((data / "facts", DATA_SUFFIXES, "fact"), (root / "content", (".md",), "page")):
        for path in _misnamed(folder, suffixes):
            # notes.txt may be an editor's notes, not a fact saved under the wrong name (x.yaml.txt, x.YAML)
            named = suffixes[0] in path.name.lower() or path.name.lower().endswith((".markdown", ".mdown"))
            other = "" if named else f" (if it is not a {what}, move it out of {relative(root, folder)}/)"
            found.append(Problem(relative(root, path), 1, 1, f"this file is not read: a {what}'s file name ends in "
                                                            f"{suffixes[0]}; {_rename_hint(path, suffixes[0])}{other}",
                                 warning=True))
    return found


def _misnamed(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files in folder itself (not below it) whose names do not end in one of suffixes, sorted;
    editors' lock, backup and system files (.x, x~, #x#, x.swp, x.bak, x.orig) are passed over."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as scan:
        names = [e.name for e in scan if not _scratch(e.name) and os.path.splitext(e.name)[1] not in suffixes
                 and _is_file(e)]
    return [folder / name for name in sorted(names)]


def _is_file(entry: os.DirEntry[str]) -> bool:
    """True for a file or a link to one; False for anything else, a link that leads round in a circle too."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _scratch(name: str) -> bool:
    """True for a file an editor or a system leaves beside the real ones: a lock, a backup."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".bak", ".orig"))


def _rename_hint(path: Path, suffix: str) -> str:
    """How to have a misnamed file read: rename it, unless the name it needs is taken (a copy)."""
    wanted = path.with_name(path.name.split(".", 1)[0] + suffix)
    if wanted.exists() and not os.path.samefile(wanted, path):  # about.MD is about.md on some systems
        return f"it looks like a copy of {wanted.name}: delete it, or give it a name of its own ending in {suffix}"
    return f"rename it to {wanted.name}"


def _walk(folder: Path, skip: Path | None = None) -> list[Path]:
    """Every file below folder, in sorted order, except below skip and below names starting
    with a dot."""
    found = []
    for top, folders, files in os.walk(folder):
        here = Path(top)
        folders[:] = sorted(f for f in folders if not f.startswith(".") and here / f != skip)
        found += [here / name for name in sorted(files) if not name.startswith(".")]
    return found


def relative(root: Path, path: Path) -> str:
    """Path as shown in messages: relative to the project root, with forward slashes."""
    text, top = str(path), str(root) + os.sep
    if os.sep == "/" and text.startswith(top):  # most paths, without the cost of Path.relative_to
        return text[len(top):]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _files(root: Path, folder: Path, suffixes: tuple[str, ...], problems: list[Problem],
           folders: list[Path] | None = None) -> list[Path]:
    """Files with these suffixes in folder, sorted so every build sees one order. An entry with
    such a name that is not a file (a folder, a link leading nowhere) is a problem, unless its
    name starts with a dot (as editors' lock files do). With folders, the other folders in it
    (their names not starting with a dot) are added there, sorted."""
    if not folder.is_dir():
        return []
    names: list[str] = []
    with os.scandir(folder) as scan:  # names sorted as strings: sorting Paths took longer than reading them
        for entry in scan:
            suffix = os.path.splitext(entry.name)[1]
            if suffix not in suffixes:
                if folders is not None and not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                continue
            try:
                if entry.is_file():
                    names.append(entry.name)
                    continue
                if entry.is_dir():
                    unusable = "a folder"
                elif entry.is_symlink():
                    unusable = "a link to a file that does not exist"
                else:
                    unusable = "not an ordinary file"
            except OSError as exc:  # a link that leads round in a circle
                unusable = f"a link that cannot be followed ({exc.strerror})"
            if not entry.name.startswith("."):
                problems.append(Problem(relative(root, Path(entry.path)), 1, 1,
                                        f"this is {unusable}; each entry here must be a file, so replace it "
                                        f"with one or rename it without '{suffix}'"))
    if folders is not None:
        folders.sort()
    return [folder / name for name in sorted(names)]


def _load_registry(root: Path, name: str, problems: list[Problem], cache: ParseCache) -> Doc | None:
    """data/<name>.yaml, a mapping of id to record; a missing registry is an empty one."""
    path = root / "data" / f"{name}.yaml"
    if not path.exists():
        return Doc(relative(root, path), {})
    return _load_yaml(root, path, problems, cache)


def _load_redirects(root: Path, problems: list[Problem], cache: ParseCache) -> Doc | None:
    """data/redirects.yaml, a list of from: and to: records; None when there is none."""
    path = root / "data" / f"{REDIRECTS}.yaml"
    if not path.exists():
        return None
    doc = _parse_file(root, path, problems, cache, empty=[])  # only the comments at the top: no redirect yet
    if doc is None:
        return None
    if not isinstance(doc.data, list):
        kind = "key: value lines" if isinstance(doc.data, dict) else "a single value"
        problems.append(doc.problem((), f"top level is {kind}; it must be a list, each redirect starting with "
                                        "'- from: ' and its 'to: ' on the line below"))
        return None
    return doc


def _read_text(rel: str, path: Path, problems: list[Problem]) -> str | None:
    """A file's text; None, with a problem, when it cannot be read or is not UTF-8 text."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        problems.append(Problem(rel, 1, 1, "this is a folder; it must be a file"))
        return None
    except OSError as exc:
        problems.append(Problem(rel, 1, 1, f"cannot be read: {exc.strerror or exc}"))
        return None
    text, found = decode(rel, raw)
    conflicts = _merge_conflicts(rel, text) if text is not None and ("<" * 7 in text or ">" * 7 in text) else []
    problems.extend(found + conflicts)
    return None if conflicts else text


_CONFLICT_START = re.compile(r"<{7}(?:[ \t\r]|$)")  # git's lines around a merge conflict's two versions
_CONFLICT_END = re.compile(r">{7}(?:[ \t\r]|$)")


def _merge_conflicts(rel: str, text: str) -> list[Problem]:
    """A problem at each merge conflict git left in a file: at its '<<<<<<<' line, or at its '>>>>>>>'
    line when that one was deleted. Read as text, the markers would be published, or taken as YAML's errors."""
    problems, opened = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        if _CONFLICT_START.match(line):
            opened = True
            problems.append(Problem(rel, number, 1, (
                "a git merge conflict is left here: from this '<<<<<<<' line to the '>>>>>>>' line below are two "
                "versions of the same lines, split by '======='; keep the right one, and delete the other and "
                "the three marker lines")))
        elif _CONFLICT_END.match(line):
            if not opened:
                problems.append(Problem(rel, number, 1, (
                    "the end of a git merge conflict, '>>>>>>>', is left here; check that the lines above hold one "
                    "version only, then delete this line and any '=======' line above it")))
            opened = False
    return problems


def _load_yaml(root: Path, path: Path, problems: list[Problem], cache: ParseCache) -> Doc | None:
    """One YAML file whose top level must be a mapping."""
    doc = _parse_file(root, path, problems, cache)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        problems.append(doc.problem((), f"top level is {kind}; it must be key: value lines"))
        return None
    return doc


def _parse_file(root: Path, path: Path, problems: list[Problem], cache: ParseCache,
                empty: Any = None) -> Doc | None:
    """One YAML file, read and parsed (from the cache when its text was parsed before); None, with
    problems, when it cannot be. With empty, a file of comments and blank lines alone holds that."""
    rel = relative(root, path)
    text = _read_text(rel, path, problems)
    if text is None:
        return None
    if empty is not None and all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return Doc(rel, empty)
    doc, found = cache.get(rel, text, 1, parse)
    problems.extend(found)
    return doc


def _load_markdown(root: Path, path: Path, problems: list[Problem], cache: ParseCache) -> MarkdownDoc | None:
    """A Markdown file with YAML front matter between two '---' lines."""
    rel = relative(root, path)
    text = _read_text(rel, path, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and lines[first].strip() == "---":
            fixes = ([f"the {_blank_lines(first)} before it"] if first else []) + \
                (["the spaces at its start"] if lines[first].rstrip() != "---" else [])
            problems.append(Problem(rel, 1, 1, "the file must start with the front matter's '---', at the start "
                                               f"of its first line: remove {' and '.join(fixes)}"))
            return None
        if first is not None and lines[first].startswith("```") and any(line.rstrip() == "---" for line in lines):
            problems.append(Problem(rel, first + 1, 1, "this ``` line marks where an example in the guide starts "
                                                       "and is not part of the page: delete it, and the ``` line "
                                                       "that ends the example"))
            return None
        problems.append(Problem(rel, 1, 1, "a content page must start with front matter: a '---' line, "
                                           "title: and description:, then another '---' line"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    except StopIteration:
        last = _last_front_key(lines)
        if last is None:
            problems.append(Problem(rel, 1, 1, "front matter is not closed: add a '---' line after it"))
        elif last + 1 < len(lines) and _CLOSE_LOOKALIKE.fullmatch(lines[last + 1].strip()):
            problems.append(Problem(rel, last + 2, 1, f"front matter is not closed: this line, "
                                                      f"'{lines[last + 1].strip()}', must be three hyphens and "
                                                      "nothing else: write ---"))
        else:
            key = lines[last].split(":", 1)[0].strip()
            problems.append(Problem(rel, last + 2, 1, "front matter is not closed: add a '---' line after line "
                                                      f"{last + 1} ({key}:), before the page's text"))
        return None
    if not any(line.strip() for line in lines[1:end]):
        problems.append(_empty_front_matter(rel, lines, end))
        return None
    front, found = cache.get(rel, "\n".join(lines[1:end]), 2, parse)
    problems.extend(found)
    second = _second_front_matter(lines, end)
    if second:
        problems.append(Problem(rel, second[0] + 1, 1, (
            f"a second front matter, lines {second[0] + 1} to {second[1] + 1}, under the first (lines 1 to "
            f"{end + 1}): a page has one, and this one would be shown as text; move the key: value lines it "
            f"needs into the first, then delete lines {second[0] + 1} to {second[1] + 1}")))
    if front is None:
        return None
    if not isinstance(front.data, dict):
        problems.append(front.problem((), "front matter must be key: value lines"))
        return None
    body = "\n".join(lines[end + 1:])
    return MarkdownDoc(rel, path.stem, front, body, end + 2)


_FRONT_KEY = re.compile(r"[A-Za-z_][\w-]*:(?:\s|$)")
# A line meant to close the front matter: '...', '--', '----', a dash an editor turned '---' into
_CLOSE_LOOKALIKE = re.compile(r"[\u2013\u2014]|(?:[-\u2010-\u2015.~_=*][ \t]*){2,}")


def _last_front_key(lines: list[str]) -> int | None:
    """The index of the last line of the key: value lines after an unclosed front matter's '---'
    (with the lines that continue their values, indented), where its closing '---' belongs; None
    if no key follows the '---'."""
    last = None
    for i in range(1, len(lines)):
        line = lines[i]
        if _FRONT_KEY.match(line):
            last = i
        elif not (line.startswith((" ", "\t", "#")) and last is not None):
            break
    return last


def _empty_front_matter(rel: str, lines: list[str], end: int) -> Problem:
    """The problem with front matter that has no key: value lines: a '---' typed twice, above them,
    or nothing written between the two."""
    after = next((line for line in lines[end + 1:] if line.strip()), "")  # blank lines may come between
    if _FRONT_KEY.match(after):
        return Problem(rel, end + 1, 1, f"this '---' closes the front matter that line 1 opens before any key: "
                                        f"value line, so the lines under it would be the page's text: delete "
                                        f"line {end + 1}")
    return Problem(rel, 1, 1, f"the front matter, lines 1 to {end + 1}, is empty: write title: and description: "
                              "between its two '---' lines")


def _second_front_matter(lines: list[str], end: int) -> tuple[int, int] | None:
    """The indexes of the '---' lines of a second front matter right under the first (a file's text
    pasted under another's), or None."""
    start = next((i for i in range(end + 1, len(lines)) if lines[i].strip()), None)
    if start is None or lines[start].rstrip() != "---":
        return None
    close = _last_front_key(lines[start:])
    if close is None or start + close + 1 >= len(lines) or lines[start + close + 1].rstrip() != "---":
        return None
    keys = {line.split(":", 1)[0] for line in lines[start + 1:start + close + 1]}
    if not keys & set(Page.model_fields):  # '---', 'Update: …', '---': two rules around a paragraph
        return None
    return start, start + close + 1


def _blank_lines(count: int) -> str:
    """'blank line' or '3 blank lines'."""
    return "blank line" if count == 1 else f"{count} blank lines"
