"""What git remembers of the fact and page files, and of the ids of the shared files whose records
give pages (metrics, events, people, charts): those its history holds and the working tree does
not, so that the check can say when a page readers may have linked to is built no more, and where
a fact id still referred to went (a fact renamed before it was published too); and the
day each fact and page file was added, which dates the feed's entries. load reads this; validate
judges it against data/redirects.yaml."""

from __future__ import annotations

import functools
import logging
import os
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

FOLDERS = ("data/facts", "content")  # the folders whose files each give a page its address
PAGE_FILE = re.compile(r"(data/facts/[^/]+\.ya?ml|content/[^/]+\.md)")  # a file that gives a page its address
GIT_SECONDS = 10  # at most this long for one git command; past it, history is left unread
_EVENT_LINE = re.compile(r"^event:[ \t]*[^\s#]", re.MULTILINE)  # a summary's front matter naming its event


@dataclass(frozen=True)
class GoneFile:
    """A fact or page file that git's history holds and the working tree does not."""

    path: str  # as it was, relative to the project's root: data/facts/old-id.yaml
    commit: str = ""  # the short hash of the commit that deleted or renamed it; "" when not yet committed
    date: str = ""  # that commit's date, YYYY-MM-DD ("" when not yet committed)
    renamed_to: str | None = None  # the file it became, where that file is still there
    summary: bool = False  # a content page that was an event's summary, shown on the event's page
    published: bool = True  # False for a file the published branch never held: its page never was, but its id was

    @property
    def address(self) -> str | None:
        """The address of the page the file gave, like facts/old-id/; None for an event's summary."""
        return None if self.summary else page_address(self.path)


# The shared files whose records each give a page, by the folder of their pages' addresses
REGISTRY_FOLDERS = {"data/metrics.yaml": "metrics", "data/events.yaml": "events", "data/people.yaml": "people",
                    "data/charts.yaml": "charts"}
_RECORD_ID = re.compile(r"^([a-z0-9][a-z0-9-]*):[ \t]*(?:#.*)?$")  # a record's id line, its keys below it


@dataclass(frozen=True)
class GoneId:
    """A record's id that a shared file (data/metrics.yaml…) held in git's history and holds no more."""

    registry: str  # data/metrics.yaml
    id: str
    commit: str = ""  # the short hash of the commit that removed or renamed it; "" when not yet committed
    date: str = ""
    renamed_to: str | None = None  # the id it became, in the same change, where that id is still there

    @property
    def address(self) -> str:
        """The address of the record's page, like metrics/old-id/."""
        return f"{REGISTRY_FOLDERS[self.registry]}/{self.id}/"


def gone_ids(root: Path, current: dict[str, set[str]], fields: dict[str, set[str]]) -> list[GoneId]:
    """The ids of metrics, events, people and charts that git's history of their files holds and
    current (each file's ids now, by its path) does not, newest change first; none outside a git
    repository, without git, or when git fails. fields: the keys of each file's records, which a
    line in the first column may hold (a key left unindented in one commit) and no id is. An id
    removed in the change that added exactly one other to the same file was renamed to it. An id
    the published branch never held (added and removed on a branch not yet merged) is left out."""
    files = [path for path in REGISTRY_FOLDERS if path in current]
    output = _id_log(root, "HEAD", files) if files else None
    if output is None:
        return []
    newest = _newest_ids(output, fields)
    gone = []
    for (path, record), (status, commit, date, renamed) in newest.items():
        if record in current.get(path, ()):
            continue
        if status == "A":  # in the last commit: removed from the working tree only
            held = {r for (p, r), (s, *_) in newest.items() if p == path and s == "A"}
            new, lost = current.get(path, set()) - held, held - current.get(path, set())
            commit = date = ""
            renamed = next(iter(new)) if len(new) == 1 and len(lost) == 1 else None
        gone.append(GoneId(path, record, commit, date, _id_now(path, renamed, current, newest)))
    base = _published_base(root) if gone else None
    if base is not None:
        published = _id_log(root, base, files)
        held = set(_newest_ids(published, fields)) if published is not None else None
        gone = [record for record in gone if held is None or (record.registry, record.id) in held]
    return gone


def _id_log(root: Path, commit: str, files: list[str]) -> str | None:
    """The history of the shared files up to commit, as `git log -p -U0` with every line added or
    removed, its paths from root and prefixed a/ and b/ whatever the editor's git settings."""
    return _git(root, "log", *_FIRST_PARENT, "-p", "-U0", "--no-color", "--no-ext-diff", "--no-renames",
                "--relative", "--src-prefix=a/", "--dst-prefix=b/", commit, "--", *files)


def _newest_ids(output: str, fields: dict[str, set[str]]) -> dict[tuple[str, str], tuple[str, str, str, str | None]]:
    """Each (file, id)'s newest change in _id_log's output: A (added) or D (removed), the commit, its
    date and, for an id renamed, the id it became."""
    newest: dict[tuple[str, str], tuple[str, str, str, str | None]] = {}  # (file, id): (A or D, commit, date, to)
    for path, commit, date, removed, added in _id_changes(output):
        removed, added = removed - fields.get(path, set()), added - fields.get(path, set())
        renamed = next(iter(added)) if len(removed) == 1 and len(added) == 1 else None
        for record in removed - added:
            newest.setdefault((path, record), ("D", commit, date, renamed))
        for record in added - removed:
            newest.setdefault((path, record), ("A", commit, date, None))
    return newest


_PUBLISHED = ("refs/remotes/origin/HEAD", "refs/remotes/origin/main", "refs/remotes/origin/master")  # in turn


def _published_base(root: Path) -> str | None:
    """Where the working tree's branch left the published one (the remote's default branch): the
    commit both share last, when HEAD is not on the published branch itself; None when it is, or
    when there is no remote branch to tell. Pages from commits after it were never published."""
    listed = _git(root, "for-each-ref", "--format=%(refname)", *_PUBLISHED)  # one call where there are none
    if not listed:
        return None
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    for branch in (ref for ref in _PUBLISHED if ref in listed.split("\n")):
        base = _git(root, "merge-base", "HEAD", branch)
        if base is not None and head is not None:
            return None if base.strip() == head.strip() else base.strip()
    return None


def _id_changes(output: str) -> Iterator[tuple[str, str, str, set[str], set[str]]]:
    """Each commit's change to each file in `git log -p -U0` output: the file, the commit, its date,
    and the record ids whose lines it removed and added."""
    commit = date = path = ""
    removed: set[str] = set()
    added: set[str] = set()
    for line in output.split("\n"):
        line = line.removesuffix("\r")  # a file with Windows line endings
        if line.startswith("@") and " " in line and not line.startswith("@@"):
            if path:
                yield path, commit, date, removed, added
            commit, _, date = line[1:].partition(" ")
            path, removed, added = "", set(), set()
        elif line.startswith("diff --git "):
            if path:
                yield path, commit, date, removed, added
            path, removed, added = line.rsplit(" b/", 1)[-1], set(), set()
        elif line.startswith(("--- ", "+++ ")):
            continue
        elif line[:1] in ("-", "+") and (found := _RECORD_ID.match(line[1:])):
            (removed if line[0] == "-" else added).add(found[1])
    if path:
        yield path, commit, date, removed, added


def _id_now(path: str, renamed: str | None, current: dict[str, set[str]],
            newest: dict[tuple[str, str], tuple[str, str, str, str | None]]) -> str | None:
    """The id a renamed id is now, following renames after renames; None if it is gone too."""
    seen = set()
    while renamed and renamed not in seen:
        if renamed in current.get(path, ()):
            return renamed
        seen.add(renamed)
        status, _, _, renamed = newest.get((path, renamed), ("", "", "", None))
        if status != "D":
            return None
    return None


def page_address(path: str) -> str:
    """The address of the page a fact or content file gives: facts/<id>/ or <slug>/."""
    folder, name = path.rsplit("/", 1)
    stem = name.rsplit(".", 1)[0]
    return f"{stem}/" if folder == "content" else f"facts/{stem}/"


def file_history(root: Path) -> tuple[list[GoneFile], dict[str, str]]:
    """What root's git history says of its fact and page files: those no longer in its working tree
    (gone_files), and the day each file there now was added in a commit, by its path (YYYY-MM-DD;
    a renamed file, the day it was added under its first name); nothing outside a git repository,
    without git, or when git fails. Read first in each build, it lets a slow git be told again."""
    _slow_git.cache_clear()  # once a build: a long preview's later builds say so too
    output = _file_log(root, "HEAD")
    if output is None:
        return [], {}
    newest = _newest_changes(output)
    gone = gone_files(root, newest)
    base = _published_base(root)  # None on the published branch itself, or with no remote to tell
    if base is not None and gone:  # a file added and removed on a branch not yet merged was never published
        published = _file_log(root, base)
        held = set(_newest_changes(published)) if published is not None else None
        gone = [file if held is None or file.path in held else replace(file, published=False) for file in gone]
    if base is not None:
        gone += _renamed_on_branch(root, base, {file.path for file in gone})
    # a shallow clone's first commit holds every file as added that day: no dates rather than wrong ones
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() != "false"
    return gone, {} if shallow else _added(root, output)


def _renamed_on_branch(root: Path, base: str, known: set[str]) -> list[GoneFile]:
    """The fact files renamed or deleted in the branch's own commits since base, which the branch's
    history as one change (a pull request's merge, as CI checks it) does not show, and known does not
    hold: never published, they need no redirect, but a reference to the old id is told where it went."""
    output = _git(root, "log", "-z", "--format=@%h %cs", "--name-status", "-M", "--relative", f"{base}..HEAD",
                  "--", "data/facts")
    newest = _newest_changes(output) if output is not None else {}
    return [GoneFile(path, commit, date, _where_now(root, other, newest) if status == "R" else None, published=False)
            for path, (status, commit, date, other) in newest.items()
            if status in ("D", "R") and path not in known and PAGE_FILE.fullmatch(path) and not (root / path).exists()]


def _file_log(root: Path, commit: str) -> str | None:
    """The history of the fact and page files up to commit, as `git log -z --name-status -M`."""
    return _git(root, "log", "-z", *_FIRST_PARENT, "--name-status", "-M", "--relative", commit, "--", *FOLDERS)


# The history of the branch itself, a merge as one change (what it brought, against the branch before it),
# each dated when it was committed there: what a branch added and removed again before merging was never
# on the branch, and a page merged in dates from the merge, not from the day it was written elsewhere.
_FIRST_PARENT = ("--format=@%h %cs", "--first-parent", "--diff-merges=first-parent")


def _added(root: Path, output: str) -> dict[str, str]:
    """The day each page file in the working tree was last added, in `git log -z --name-status -M`
    output (newest first): a file deleted and added again dates from its return; a file renamed
    (data/facts/a.yaml to a.yml, or to another id, its page redirected) from the day it was added
    under its first name, as its content was published then. A copy dates from the copy."""
    added: dict[str, str] = {}
    named: dict[str, str] = {}  # a path as it was before a rename, read so far back: the path it is now
    date = ""
    tokens = iter(output.split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith("@"):
            date = token[1:].partition(" ")[2]
        elif token[:1] in ("R", "C"):
            old, new = next(tokens, ""), next(tokens, "")
            now = named.pop(new, new)
            if token[0] == "R" and now not in added:
                named[old] = now  # added under its old name, further back
            else:
                added.setdefault(now, date)
        elif token:
            path = next(tokens, "")
            if token[0] == "A":
                added.setdefault(named.pop(path, path), date)
    for now in named.values():  # renamed from a file the history does not show added (a shallow start)
        added.setdefault(now, "")
    return {path: day for path, day in added.items()
            if day and PAGE_FILE.fullmatch(path) and (root / path).exists()}


def gone_files(root: Path, newest: dict[str, tuple[str, str, str, str]]) -> list[GoneFile]:
    """The fact and page files of root's git history (newest: each path's newest change) that are no
    longer in its working tree, newest change first."""
    gone = []
    for path, (status, commit, date, other) in newest.items():
        if not PAGE_FILE.fullmatch(path) or (root / path).exists():
            continue
        if status not in ("D", "R"):  # still in the last commit: gone from the working tree only
            commit = date = ""
        renamed_to = _where_now(root, other, newest) if status == "R" else None
        summary = path.startswith("content/") and _was_summary(root, path, commit)
        gone.append(GoneFile(path, commit, date, renamed_to, summary))
    if any(not file.commit for file in gone):
        moved = _renamed_in_tree(root, [file.path for file in gone if not file.commit])
        gone = [GoneFile(file.path, file.commit, file.date, moved.get(file.path), file.summary)
                if not file.commit and file.path in moved else file for file in gone]
    return gone


MOST_COMPARED = 50  # new files a file deleted from the working tree is compared with, at most


def _renamed_in_tree(root: Path, paths: list[str]) -> dict[str, str]:
    """Of the page files deleted from the working tree but not in a commit, those renamed there, by
    the file each became: renamed with git mv (a rename git has staged), or moved by hand to a new
    file of the same bytes."""
    output = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *FOLDERS)
    prefix = _git(root, "rev-parse", "--show-prefix")  # status names paths from the repository's top
    if output is None or prefix is None:
        return {}
    prefix = prefix.strip()
    moved, added = {}, []
    tokens = iter(output.split("\0"))
    for token in tokens:
        status, path = token[:2], token[3:].removeprefix(prefix)
        if len(status) < 2:  # the empty text after the last entry's NUL
            continue
        if status[0] in ("R", "C"):
            old = next(tokens, "").removeprefix(prefix)
            if status[0] == "R" and old in paths and (root / path).exists():
                moved[old] = path
        elif status in ("??", "A ", "AM") and PAGE_FILE.fullmatch(path):
            added.append(path)
    if not added or len(added) > MOST_COMPARED:
        return moved
    for old in (path for path in paths if path not in moved):
        before = _git_bytes(root, "show", f"HEAD:./{old}")
        if before is None:
            continue
        same = [path for path in added if _read(root / path) == before]
        if len(same) == 1:
            moved[old] = same[0]
    return moved


def _read(path: Path) -> bytes | None:
    """A file's bytes; None if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def _newest_changes(output: str) -> dict[str, tuple[str, str, str, str]]:
    """Each path's newest change in `git log -z --name-status` output: its status letter (R for
    a path renamed away; the new path of a rename gets A), the commit, its date and, for a
    rename, the new path."""
    newest: dict[str, tuple[str, str, str, str]] = {}
    commit = date = ""
    tokens = iter(output.split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith("@"):
            commit, _, date = token[1:].partition(" ")
        elif token[:1] in ("R", "C"):
            old, new = next(tokens, ""), next(tokens, "")
            if token[0] == "R":
                newest.setdefault(old, ("R", commit, date, new))
            newest.setdefault(new, ("A", commit, date, ""))
        elif token:
            newest.setdefault(next(tokens, ""), (token[0], commit, date, ""))
    return newest


def _where_now(root: Path, path: str, newest: dict[str, tuple[str, str, str, str]]) -> str | None:
    """The file a renamed file is now, following renames after renames; None if it is gone too."""
    seen = set()
    while path and path not in seen:
        if (root / path).exists():
            return path
        seen.add(path)
        status, _, _, other = newest.get(path, ("", "", "", ""))
        path = other if status == "R" else ""
    return None


def _was_summary(root: Path, path: str, commit: str) -> bool:
    """True if the last version of content file path named an event in its front matter."""
    text = _git(root, "show", f"{commit + '^' if commit else 'HEAD'}:./{path}")
    if text is None or not text.startswith("---"):
        return False
    front = text[3:].split("\n---", 1)[0]
    return bool(_EVENT_LINE.search(front))


def _git(root: Path, *args: str) -> str | None:
    """The output of a git command run in root; None if git is missing or fails (not a
    repository, a history cut short, a file it cannot show)."""
    output = _git_bytes(root, *args)
    return None if output is None else output.decode("utf-8", "replace")


def _git_bytes(root: Path, *args: str) -> bytes | None:
    """The output of a git command run in root, as bytes; None if git is missing or fails."""
    command = ["git", "-C", str(root), "-c", "log.showSignature=false", "-c", "core.quotePath=false", *args]
    try:
        done = subprocess.run(command, capture_output=True, timeout=GIT_SECONDS, check=False,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except subprocess.TimeoutExpired:  # the same inputs would build otherwise on a quicker machine: say so
        _slow_git()
        return None
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug("git not run (%s): history not read", exc)
        return None
    if done.returncode != 0:
        log.debug("git %s failed: %s", args[0], done.stderr.decode("utf-8", "replace").strip())
        return None
    return done.stdout


@functools.cache
def _slow_git() -> None:
    """Say, once a build (file_history starts it afresh), that git took too long and what the
    build does without its history."""
    log.warning("git's history was not read (git took more than %s s): the feed dates facts by their data, fact "
                "and chart pages give no day published or last updated where only it knows the day, and the check "
                "cannot name pages no longer built", GIT_SECONDS)
