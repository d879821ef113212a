"""What an editor sees when a data file is wrong: one located line per problem."""

from __future__ import annotations

import logging
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bakuclaims import history
from conftest import make_project, run_build

FACT = "data/facts/coverage-survey.yaml"


def replace(root: Path, relative: str, old: str, new: str) -> None:
    """Edit one file of a scratch project in place."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_with(root: Path, relative: str, text: str) -> int:
    """The line of a scratch project's file where text first comes."""
    source = (root / relative).read_text(encoding="utf-8")
    return source.count("\n", 0, source.index(text)) + 1


def check(root: Path, command: str = "check") -> tuple[int, list[str]]:
    """Exit code and the problem lines of `build.py check` (or of another command)."""
    result = run_build(root, command)
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, [line for line in result.stderr.splitlines() if ":" in line and "/" in line]


def test_out_of_range_percentage_names_file_line_and_column(project: Path) -> None:
    replace(project, FACT, "value: 61.5", "value: 165")
    code, lines = check(project)
    assert code == 1
    assert lines == [f"{FACT}:4:8: value must be between 0 and 100 for a percent metric ('coverage'); got 165"]


def test_a_ranks_count_of_ranked_must_be_a_count_of_no_fewer(project: Path) -> None:
    """ranked_of (how many a rank metric ranks, for its chart's axis) names a count no smaller than
    its ranks, on a metric of ranks; each mistake is named at its line, all at once."""
    replace(project, "data/metrics.yaml", "  unit: percent\n", "  unit: percent\n  ranked_of: homes-total\n")
    with (project / "data" / "metrics.yaml").open("a", encoding="utf-8") as metrics:
        for name, count in (("place", "coverage-survey"), ("spot", "homes-total"), ("rung", "homes-totl"),
                            ("tier", "leagues-2030")):
            metrics.write(f"{name}:\n  name: A {name}\n  measures: A {name} in a league\n  of_whom: leagues\n"
                          f"  unit: rank\n  ranked_of: {count}\n")
    (project / "data" / "facts" / "spot-2030.yaml").write_text(
        "kind: context\ntitle: A spot\nmetric: spot\nvalue: 2000001\nas_of: 2030\nproducer: A league\n"
        "independent: true\nconfidence: seen\nsource: example-stats\n", encoding="utf-8")
    (project / "data" / "facts" / "leagues-2030.yaml").write_text(
        "kind: context\ntitle: Leagues\nmetric: homes\nvalue: 12\nqualifier: about\nas_of: 2030\n"
        "producer: A league\nindependent: true\nconfidence: seen\nsource: example-stats\n", encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        "data/metrics.yaml:6:14: ranked_of is for a metric of ranks; 'coverage' is in percent: remove it",
        "data/metrics.yaml:17:14: ranked_of 'coverage-survey' is not a count: name the fact that says how many "
        "were ranked (a figure of a count metric)",
        "data/metrics.yaml:23:14: ranked_of 'homes-total' counts 2000000 ranked, and 'spot-2030' is ranked "
        "2000001: correct the one that is wrong",
        "data/metrics.yaml:29:14: unknown fact 'homes-totl'; did you mean 'homes-total'?",
        "data/metrics.yaml:35:14: ranked_of 'leagues-2030' is given as 'about 12': the chart needs the exact "
        "number ranked, its last place"], lines


def test_top_qualifies_a_rank_only(project: Path) -> None:
    replace(project, FACT, "value: 61.5", "value: 61.5\nqualifier: top")
    code, lines = check(project)
    assert code == 1
    assert lines == [f"{FACT}:5:12: qualifier 'top' goes with a rank ('top 40'), and metric 'coverage' is in "
                     "percent; choose another qualifier"]


def test_misspelt_key_is_an_error_with_a_suggestion(project: Path) -> None:
    replace(project, FACT, "value: 61.5", "vaule: 61.5")
    code, lines = check(project)
    assert code == 1
    assert f"{FACT}:4:1: unknown key 'vaule'; did you mean 'value'?" in lines


def test_unknown_reference_suggests_the_closest_id(project: Path) -> None:
    replace(project, "data/facts/coverage-claim.yaml", "event: expo-2030", "event: expo-2031")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/coverage-claim.yaml:6:8: unknown event 'expo-2031'; did you mean 'expo-2030'?"
                     "; if it is new, add it to data/events.yaml first; else correct the id"]


def test_every_error_is_reported_at_once(project: Path) -> None:
    replace(project, FACT, "value: 61.5", "value: -3")
    replace(project, "data/facts/coverage-claim.yaml", "said_on: 2030-03-01", "said_on: 2030-02-30")
    replace(project, "data/sources.yaml", "url: https://stats.example/coverage", "url: javascript:alert(1)")
    code, lines = check(project)
    assert code == 1
    assert len(lines) == 3, lines
    assert any(line.startswith("data/sources.yaml:10:8: url: must be an http:// or https:// address") for line in lines)
    assert any(line.startswith("data/facts/coverage-claim.yaml:7:10: cannot read '2030-02-30'") for line in lines)


def test_yaml_syntax_error_is_located(project: Path) -> None:
    (project / FACT).write_text("kind: context\ntitle: [unclosed\n", encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"{FACT}:3:1: YAML syntax error")


def test_tabs_empty_files_lists_aliases_and_bad_encoding_each_get_a_line(project: Path) -> None:
    facts = project / "data" / "facts"
    (facts / "tabbed.yaml").write_text("kind: claim\n\ttitle: x\n", encoding="utf-8")
    (facts / "empty.yaml").write_text("# nothing yet\n", encoding="utf-8")
    (facts / "listed.yaml").write_text("- kind: claim\n", encoding="utf-8")
    (facts / "bomb.yaml").write_text("a: &a [x, x]\nb: [*a, *a]\n", encoding="utf-8")
    (facts / "latin1.yaml").write_bytes("kind: claim\ntitle: Bak\xfb\n".encode("latin-1"))
    code, lines = check(project)
    assert code == 1
    assert "data/facts/tabbed.yaml:2:1: tab character in indentation; indent with spaces" in lines
    assert "data/facts/empty.yaml:1:1: file is empty; it needs at least one key: value line" in lines
    assert "data/facts/listed.yaml:1:1: top level is a list; it must be key: value lines" in lines
    assert any(line.startswith("data/facts/bomb.yaml:1:4: anchors (&a) are not allowed") for line in lines)
    assert "data/facts/latin1.yaml:2:11: not valid UTF-8 (byte 0xfb); save the file with UTF-8 encoding" in lines


def test_folders_and_broken_links_named_like_inputs_are_reported_not_crashed_on(project: Path) -> None:
    facts = project / "data" / "facts"
    (facts / "new-claim.yaml").mkdir()  # "new-claim.yaml/" typed into the web editor's file name
    (facts / "gone.yaml").symlink_to("nowhere.yaml")
    (facts / "circle.yaml").symlink_to("circle.yaml")
    (facts / "round").symlink_to("round")  # not named .yaml, so not read: was an internal error (OSError)
    (facts / ".#coverage-survey.yaml").symlink_to("editor@host.1234")  # Emacs's lock beside an open file
    (project / "content" / "notes.md").mkdir()
    code, lines = check(project)
    assert code == 1
    assert sorted(lines) == [
        "content/notes.md:1:1: this is a folder; each entry here must be a file, so replace it with one "
        "or rename it without '.md'",
        "data/facts/circle.yaml:1:1: this is a link that cannot be followed (Too many levels of symbolic "
        "links); each entry here must be a file, so replace it with one or rename it without '.yaml'",
        "data/facts/gone.yaml:1:1: this is a link to a file that does not exist; each entry here must be "
        "a file, so replace it with one or rename it without '.yaml'",
        "data/facts/new-claim.yaml:1:1: this is a folder; each entry here must be a file, so replace it "
        "with one or rename it without '.yaml'",
    ]


def test_a_registry_that_is_a_folder_is_reported(project: Path) -> None:
    (project / "data" / "people.yaml").unlink()
    (project / "data" / "people.yaml").mkdir()
    code, lines = check(project)
    assert code == 1
    assert "data/people.yaml:1:1: this is a folder; it must be a file" in lines


def test_unknown_fact_reference_in_markdown_names_the_line(project: Path) -> None:
    replace(project, "content/expo-2030.md", "[[coverage-survey]]", "[[coverage-surveys]]")
    code, lines = check(project)
    assert code == 1
    assert lines == ["content/expo-2030.md:8:23: unknown fact 'coverage-surveys' in [[coverage-surveys]]; "
                     "did you mean 'coverage-survey'?"]


def test_an_unknown_fact_is_matched_only_to_a_near_identical_id(project: Path) -> None:
    replace(project, "content/expo-2030.md", "[[coverage-claim]]", "[[claim-coverage]]")  # words swapped
    replace(project, "content/expo-2030.md", "[[coverage-survey]]", "[[coverage-survye]]")  # letters swapped
    replace(project, "content/expo-2030.md", "[[homes-covered]]", "[[homes-covered-2029]]")  # another figure
    code, lines = check(project)
    assert code == 1
    assert lines == [
        "content/expo-2030.md:7:19: unknown fact 'claim-coverage' in [[claim-coverage]]; did you mean "
        "'coverage-claim'?",
        "content/expo-2030.md:8:23: unknown fact 'coverage-survye' in [[coverage-survye]]; did you mean "
        "'coverage-survey'?",
        "content/expo-2030.md:12:19: no fact 'homes-covered-2029' in [[homes-covered-2029]]: was it deleted or "
        "renamed? Its file would be data/facts/homes-covered-2029.yaml",
    ]


def test_derived_value_must_match_its_arithmetic(project: Path) -> None:
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value: 1300000")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/homes-covered.yaml:4:8: value 1300000 does not match its derivation: percent-of "
                     "of coverage-survey and homes-total gives 1230000; write value: 1230000"]


def test_a_derived_value_rounded_to_millions_must_be_the_rounded_value_to_the_person(project: Path) -> None:
    """Rounded to the nearest million (decimals -6), a value one person off passed the check: the margin for a
    float's last bits was a millionth of the rounding's step, 1 for a million. The page then said '1,230,000,
    rounded to the nearest 1,000,000: 1,000,001'."""
    replace(project, "data/facts/homes-covered.yaml", "inputs: [coverage-survey, homes-total]",
            "inputs: [coverage-survey, homes-total]\n  decimals: -6")
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value: 1000001")
    assert check(project) == (1, ["data/facts/homes-covered.yaml:4:8: value 1000001 does not match its derivation: "
                                  "percent-of of coverage-survey and homes-total gives 1000000; write value: 1000000"])
    replace(project, "data/facts/homes-covered.yaml", "value: 1000001", "value: 1000000")
    assert check(project) == (0, [])

SHARE = """kind: context
title: Homes with fibre, share of all homes
metric: coverage
value: {value}
as_of: 2030
producer: The editors
independent: true
confidence: derived
derived:
  operation: share
  inputs: [homes-fibre, homes-total]
source: editors
"""


def add_share(root: Path, fibre: int, value: float) -> None:
    """A count of homes with fibre, and a derived fact giving it as a share of all 2,000,000 homes."""
    total = (root / "data/facts/homes-total.yaml").read_text(encoding="utf-8")
    (root / "data/facts/homes-fibre.yaml").write_text(total.replace("Homes in", "Homes with fibre in").replace(
        "value: 2000000", f"value: {fibre}"), encoding="utf-8")
    (root / "data/facts/fibre-share.yaml").write_text(SHARE.format(value=value), encoding="utf-8")


def test_a_derived_value_halfway_between_two_is_rounded_up_as_by_hand(project: Path) -> None:
    add_share(project, 250000, 13)  # one home in eight: 12.5%
    assert run_build(project, "check", "--strict").returncode == 0
    add_share(project, 1150000, 57)  # 57.5%, which floating-point arithmetic makes 57.49999999999999
    code, lines = check(project)
    assert (code, lines) == (1, ["data/facts/fibre-share.yaml:4:8: value 57 does not match its derivation: share of "
                                 "homes-fibre and homes-total gives 58; write value: 58"])


def test_a_share_of_a_fact_whose_value_is_0_says_the_share_cannot_be_computed(project: Path) -> None:
    add_share(project, 250000, 13)
    replace(project, "data/facts/homes-total.yaml", "value: 2000000", "value: 0")
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value: 0")  # 61.5% of 0
    code, lines = check(project)
    assert (code, lines) == (1, ["data/facts/fibre-share.yaml:11:25: the share cannot be computed: its denominator, "
                                 "homes-total (the second input), is 0; divide by a fact whose value is not 0"])


def test_a_derivation_of_huge_figures_is_checked_or_said_to_be_too_large(project: Path) -> None:
    replace(project, "data/facts/homes-total.yaml", "value: 2000000", "value: 1.7e+308")  # 61.5% of it: 1.0455e308
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value: 1.7e+308")
    total = (project / "data/facts/homes-total.yaml").read_text(encoding="utf-8")
    (project / "data/facts/homes-twice.yaml").write_text(  # 1.7e308 + 1.7e308: more than a number can hold
        total.replace("value: 1.7e+308", "value: 1").replace(
            "confidence: seen", "confidence: derived\nderived:\n  operation: sum\n"
                                "  inputs: [homes-covered, homes-total]"), encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert lines[0] == ("data/facts/homes-covered.yaml:4:8: value 1.7e+308 does not match its derivation: percent-of "
                        "of coverage-survey and homes-total gives 1.0455e+308; write value: 1.0455e+308")
    assert lines[1:] == ["data/facts/homes-twice.yaml:11:11: sum of homes-covered and homes-total gives a number "
                         "too large to compute; check the inputs' values"]


def test_the_names_kept_from_pages_are_the_folders_of_the_sites_own_pages_and_files(project: Path) -> None:
    """A page named data, assets or schemas was built into the folder of the downloads, the scripts
    or the schemas: every folder the site writes is a name a page cannot take."""
    from bakuclaims.validate import SITE_PAGES
    assert run_build(project).returncode == 0
    own = {p.name for p in (project / "site").iterdir() if p.is_dir()}
    own -= {p.stem for p in (project / "content").glob("*.md")}
    assert own == set(SITE_PAGES)


def test_github_format_prints_annotations(project: Path) -> None:
    replace(project, FACT, "value: 61.5", "value: 165")
    result = run_build(project, "check", "--format", "github")
    assert result.returncode == 1
    assert (f"::error file={FACT},line=4,col=8::value must be between 0 and 100 for a percent metric "
            "('coverage'); got 165") in result.stderr


def test_true_false_or_a_quoted_figure_is_not_read_as_a_number(project: Path) -> None:
    replace(project, FACT, "value: 61.5", "value: true")
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", 'value: "1230000"')
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/coverage-survey.yaml:4:8: value must be a plain number; got true",
                     "data/facts/homes-covered.yaml:4:8: value must be a plain number; got '1230000' "
                     "(write it without quotes: 1230000)"]


def test_a_derived_fact_computed_from_itself_is_named_as_such(project: Path) -> None:
    replace(project, "data/facts/homes-covered.yaml", "inputs: [coverage-survey, homes-total]",
            "inputs: [coverage-survey, homes-covered]")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/homes-covered.yaml:11:11: a derived fact cannot be computed from itself: "
                     "homes-covered → homes-covered; choose inputs that do not depend on it"]


def test_a_figure_computed_from_an_official_one_is_not_marked_independent(project: Path) -> None:
    replace(project, FACT, "independent: true", "independent: false")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/homes-covered.yaml:7:14: independent must be false: the input coverage-survey "
                     "is official, and a figure computed from it is no more independent than it"]


def test_a_file_the_schema_refuses_still_has_its_ids_and_value_checked(project: Path) -> None:
    replace(project, FACT, "value: 61.5", "value: 165")
    replace(project, FACT, "source: example-stats", "source: example-stat")
    replace(project, FACT, "independent: true", "independant: true")
    replace(project, "content/expo-2030.md", "event: expo-2030", "event: expo-2031\ndat: 2030-03-02")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        "content/expo-2030.md:4:8: unknown event 'expo-2031'; did you mean 'expo-2030'?; if it is new, add it to "
        "data/events.yaml first; else correct the id",
        "content/expo-2030.md:5:1: unknown key 'dat'; did you mean 'date'?",
        f"{FACT}:4:8: value must be between 0 and 100 for a percent metric ('coverage'); got 165",
        f"{FACT}:7:1: unknown key 'independant'; did you mean 'independent'?",
        f"{FACT}:10:9: unknown source 'example-stat'; did you mean 'example-stats'?; if it is new, add it to "
        "data/sources.yaml first; else correct the id",
    ]


NEEDS_VALUE = ("a fact with a metric needs its value: write the number after 'value:', like value: 65, or "
               "remove both metric: and value: if the fact states no figure")


def test_a_fact_with_a_metric_but_no_value_is_refused_even_where_the_schema_accepts_it(project: Path) -> None:
    replace(project, "data/facts/coverage-claim.yaml", "value: 80", "value: ~")
    replace(project, "data/facts/homes-total.yaml", "value: 2000000\n", "")
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value:")
    replace(project, "data/facts/homes-covered.yaml", "producer: The editors", "producr: The editors")
    code, lines = check(project)
    assert code == 1
    assert "data/facts/coverage-claim.yaml:4:8: " + NEEDS_VALUE in lines  # at the empty value
    assert "data/facts/homes-total.yaml:3:9: " + NEEDS_VALUE in lines  # no value line: at the metric
    assert "data/facts/homes-covered.yaml:4:7: " + NEEDS_VALUE in lines  # in a file refused for a typo too


def test_a_fact_without_metric_or_value_is_a_statement_and_builds(project: Path) -> None:
    replace(project, "data/facts/coverage-claim.yaml", "metric: coverage\nvalue: 80\n", "")
    result = run_build(project, "check", "--strict")
    assert result.returncode == 0, result.stderr


def test_markdown_links_and_code_that_look_like_references_are_left_alone(project: Path) -> None:
    page = project / "content/expo-2030.md"
    page.write_text(page.read_text(encoding="utf-8") + (
        "\nSee [coverage-survey](/facts/coverage-survey/), [the survey][coverage-claim], [homes-total] and "
        "![coverage-survey](/chart.png).\nWrite `[[coverage-survey]` as [[coverage-survey]]; [x] and [draft] "
        "are words; so are {{ 7*7 }} and {% if 1 %}.\n\n[homes-total]: https://stats.example/homes\n"),
        encoding="utf-8")
    result = run_build(project, "check", "--strict")
    assert "reference" not in result.stderr and "fact" not in result.stderr, result.stderr
    assert result.stderr.count("warning:") == 1 and "images are not shown" in result.stderr  # the image itself


def test_a_reference_in_a_registrys_notes_is_checked_not_crashed_on(project: Path) -> None:
    replace(project, "data/metrics.yaml", "  unit: count", "  unit: count\n  notes: Compare [[homes-totl]] and "
                                                           "[coverage-survey].")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/metrics.yaml:11:10: broken fact reference '[coverage-survey]': write "
                     "[[coverage-survey]], with two square brackets on each side",
                     "data/metrics.yaml:11:10: unknown fact 'homes-totl' in [[homes-totl]]; did you mean "
                     "'homes-total'?"]


TYPED = "every figure readers see comes from a fact, so write [[fact-id]] here (add the fact if there is none)"


def test_a_figure_typed_into_a_summary_or_a_facts_words_is_a_warning_and_fails_strict(project: Path) -> None:
    replace(project, "content/expo-2030.md", "The survey counts", "About 3.6 million homes, 65 per cent, or 61%: the "
            "survey counts")
    replace(project, "content/expo-2030.md", "## Why they differ", "He said \"80% of homes\" in two months of "
            "2030.\n\n> The release: 80 percent.\n\n## Why they differ")
    replace(project, FACT, "source: example-stats", "source: example-stats\nnotes: >-\n  A survey of\n  2,000 "
            "homes found 61.5 percent.")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "typed figure" in line] == [
        f"content/expo-2030.md:16:7: warning: typed figure '3.6 million': {TYPED}",
        f"content/expo-2030.md:16:26: warning: typed figure '65 per cent': {TYPED}",
        f"content/expo-2030.md:16:42: warning: typed figure '61%': {TYPED}",
        f"{FACT}:13:3: warning: typed figure '2,000': {TYPED}",  # digits in groups: a figure too
        f"{FACT}:13:21: warning: typed figure '61.5 percent': {TYPED}",  # the line it was typed on
    ]  # not the quoted words, the blockquote, 'two months' or 2030; nor the source's quote:
    assert run_build(project, "check", "--strict").returncode == 1


def test_a_renamed_facts_old_id_is_told_its_new_one(project: Path) -> None:
    """data/redirects.yaml sends facts/survey-2030/ to facts/coverage-survey/: each use of the old id
    names the new one. After a rename, nine references were told of other years' figures instead
    (found by an editor's walkthrough of EDITING.md)."""
    replace(project, "content/expo-2030.md", "found [[coverage-survey]]", "found [[survey-2030]]")
    replace(project, "data/facts/coverage-claim.yaml", "related: [coverage-survey]", "related: [survey-2030]")
    code, lines = check(project)
    assert code == 1
    renamed = "it was renamed 'coverage-survey' (data/redirects.yaml sends its page there)"
    assert lines == [f"content/expo-2030.md:8:23: no fact 'survey-2030' in [[survey-2030]]: {renamed}: write "
                     "[[coverage-survey]]",
                     f"data/facts/coverage-claim.yaml:11:11: no fact 'survey-2030': {renamed}: write coverage-survey"]


def test_a_qualifier_typed_before_a_reference_to_a_qualified_fact_is_a_warning(project: Path) -> None:
    """The reference puts in the fact's own qualifier: 'nearly [[x]]' read 'nearly nearly 80%' on the
    page (found by a new editor's walkthrough of EDITING.md). Before a fact without one it is the
    writer's word, and passes."""
    replace(project, "data/facts/coverage-claim.yaml", "value: 80\n", "value: 80\nqualifier: nearly\n")
    replace(project, "content/expo-2030.md", "The minister said [[coverage-claim]]",
            "The minister said nearly [[coverage-claim]]")
    replace(project, "content/expo-2030.md", "found [[coverage-survey]].", "found about [[coverage-survey]].")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "before [[" in line] == [
        "content/expo-2030.md:7:19: warning: 'nearly' before [[coverage-claim]]: the reference puts in the fact's "
        "own qualifier, so readers would see 'nearly nearly …'; take 'nearly' out"]
    assert run_build(project, "check", "--strict").returncode == 1


@pytest.mark.parametrize(("typed", "word"), [("*nearly*", "nearly"), ("**Nearly**", "Nearly"), ("_about_", "about"),
                                             ("as many as", "as many as"), ("just about", "about")])
def test_a_qualifier_in_emphasis_or_in_other_words_before_a_qualified_reference_is_a_warning_too(
        project: Path, typed: str, word: str) -> None:
    """Emphasis does not hide the doubled qualifier ('*nearly* [[x]]' read 'nearly nearly 80%' too), nor
    does another phrase that says how exact a number is."""
    replace(project, "data/facts/coverage-claim.yaml", "value: 80\n", "value: 80\nqualifier: nearly\n")
    replace(project, "content/expo-2030.md", "The minister said [[coverage-claim]]",
            f"The minister said {typed} [[coverage-claim]]")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert [line.split(": warning: ")[1] for line in result.stderr.splitlines() if "before [[" in line] == [
        f"'{word}' before [[coverage-claim]]: the reference puts in the fact's own qualifier, so readers would see "
        f"'{word} nearly …'; take '{word}' out"]


@pytest.mark.parametrize("typed", ["15,000,000", "15000000", "four million", "15 thousand", "1.2 trillion", "15m",
                                   "15 mln", "95pc", "3.5 percentage points", "$300", "€1.2 billion", "300 manat"])
def test_a_figure_typed_without_a_percent_sign_or_million_after_its_digits_is_found_too(project: Path,
                                                                                        typed: str) -> None:
    """The check knew a figure only by '%', 'per cent', 'million' or 'billion' after its digits; an editors'
    audit found it let a sum of money ($300, 300 manat), '95pc' and percentage points through."""
    replace(project, "content/expo-2030.md", "The survey counts", f"Some {typed} homes: the survey counts")
    result = run_build(project, "check")
    assert [line for line in result.stderr.splitlines() if "typed figure" in line] == [
        f"content/expo-2030.md:12:6: warning: typed figure '{typed}': {TYPED}"]


def test_a_speed_typed_into_a_metrics_definition_or_a_note_is_a_typed_figure_too(project: Path) -> None:
    """The real site's fibre metric said "fibre broadband of 25 Mbps or more", and two facts' notes
    "25 Mbps", typed by hand where no fact backed them: the check read no speed as a figure, and
    left a metric's name, measures and of_whom unread."""
    replace(project, "data/metrics.yaml", "  measures: Homes that can connect", "  measures: Homes that can "
            "connect at 25 Mbps or more")
    replace(project, "data/metrics.yaml", "  of_whom: Exampleland", "  of_whom: 1.2 million homes of Exampleland")
    replace(project, FACT, "source: example-stats", "source: example-stats\nnotes: Counted at 1 Gbit/s.")
    result = run_build(project, "check")
    words = "every figure readers see comes from a fact, and {} is shown as typed ([[fact-id]] is not filled in " \
            "there), so write it in words, without the figure"
    assert [line for line in result.stderr.splitlines() if "typed figure" in line] == [
        f"{FACT}:11:8: warning: typed figure '1 Gbit/s': {TYPED}",
        f"data/metrics.yaml:3:13: warning: typed figure '25 Mbps': {words.format('what a metric measures')}",
        f"data/metrics.yaml:9:12: warning: typed figure '1.2 million': {words.format('a metric' + chr(39) + 's of_whom')}",
    ]  # a one-line text: at its start


def test_a_figure_typed_into_a_chart_a_registrys_notes_or_a_pages_front_matter_is_a_warning_too(
        project: Path) -> None:
    replace(project, "data/charts.yaml", "title: The claim beside the survey", "title: The 80% claim beside the "
            "survey\n  alt: Two bars, 80 per cent and 61.5 per cent\n  notes: >-\n    The claim counts\n    some 1.5 "
            "million homes.")
    replace(project, "data/charts.yaml", "found [[coverage-survey]].", "found [[coverage-survey]], not 80%.")
    replace(project, "data/metrics.yaml", "  unit: count", "  unit: count\n  notes: Some 2 million homes.")
    replace(project, "data/sources.yaml", "notes: Computed by the build.", "notes: Computed by the build, to 0.1%.")
    replace(project, "data/events.yaml", "source: example-news", "source: example-news\n  notes: 40% of visitors.")
    replace(project, "content/expo-2030.md", "title: What was said at Expo 2030", "title: The 80% said at Expo 2030")
    replace(project, "content/expo-2030.md", "description: The minister's coverage claim", "description: The "
            "minister's 80 per cent claim")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    words = "every figure readers see comes from a fact, and {} is shown as typed ([[fact-id]] is not filled in " \
            "there), so write it in words, without the figure"
    assert [line for line in result.stderr.splitlines() if "typed figure" in line] == [  # one-line text: at its start
        f"content/expo-2030.md:2:8: warning: typed figure '80%': {words.format('a title')}",
        f"content/expo-2030.md:3:14: warning: typed figure '80 per cent': {words.format('a description')}",
        f"data/charts.yaml:2:10: warning: typed figure '80%': {words.format('a title')}",
        f"data/charts.yaml:3:8: warning: typed figure '61.5 per cent': {words.format('alt text')}",
        f"data/charts.yaml:3:8: warning: typed figure '80 per cent': {words.format('alt text')}",
        f"data/charts.yaml:6:10: warning: typed figure '1.5 million': {TYPED}",  # on its own line
        f"data/charts.yaml:7:13: warning: typed figure '80%': {TYPED}",
        f"data/events.yaml:10:10: warning: typed figure '40%': {TYPED}",
        f"data/metrics.yaml:11:10: warning: typed figure '2 million': {TYPED}",
        f"data/sources.yaml:14:10: warning: typed figure '0.1%': {TYPED}",
    ]
    assert run_build(project, "check", "--strict").returncode == 1


def test_a_mistake_in_a_text_of_several_lines_is_placed_on_its_own_line(project: Path) -> None:
    replace(project, FACT, "source: example-stats", "source: example-stats\nnotes: |\n  The release said \"61%\".\n"
            "  Of homes:\n    61% in [[homes-totl]].")
    code, lines = check(project)
    assert lines[-2:] == [f"{FACT}:14:5: warning: typed figure '61%': {TYPED}",  # the second 61%, not the quoted one
                          f"{FACT}:14:12: unknown fact 'homes-totl' in [[homes-totl]]; did you mean 'homes-total'?"]


def test_a_github_annotation_keeps_a_file_name_with_a_comma_or_colon_whole() -> None:
    from bakuclaims.problems import Problem
    line = Problem("data/facts/a,b:c.yaml", 1, 1, "file name 'a,b:c' must be lowercase: 100%").github()
    assert line == "::error file=data/facts/a%2Cb%3Ac.yaml,line=1,col=1::file name 'a,b:c' must be lowercase: 100%25"


def test_a_data_or_page_file_in_the_wrong_place_is_named_not_silently_left_out(project: Path) -> None:
    fact = (project / FACT).read_text(encoding="utf-8")
    for place in ("data/new-survey.yaml", "data/fact/new-survey.yaml", "data/facts/old/new-survey.yaml",
                  "data/.drafts/new-survey.yaml"):
        (project / place).parent.mkdir(parents=True, exist_ok=True)
        (project / place).write_text(fact, encoding="utf-8")
    (project / "data/people.yml").write_text("", encoding="utf-8")
    (project / "content/drafts").mkdir()
    (project / "content/drafts/notes.md").write_text("# Notes\n", encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 0, "a warning: a stray file does not stop the build"
    warned = [line.split(": warning: ")[0] for line in result.stderr.splitlines() if ": warning: this file is not read" in line]
    assert warned == ["content/drafts/notes.md:1:1", "data/fact/new-survey.yaml:1:1",
                      "data/facts/old/new-survey.yaml:1:1", "data/new-survey.yaml:1:1", "data/people.yml:1:1"]
    assert run_build(project, "check", "--strict").returncode == 1


def test_a_data_or_page_file_with_the_wrong_ending_is_named_with_the_name_it_needs(project: Path) -> None:
    fact = (project / FACT).read_text(encoding="utf-8")
    for name in ("x.txt", "new-survey.yaml.txt", "coverage-survey.yaml.old", ".coverage-survey.yaml.swp",
                 "coverage-survey.yaml~", "coverage-survey.yaml.bak"):  # an editor's backups are passed over
        (project / "data/facts" / name).write_text(fact, encoding="utf-8")
    (project / "data/facts/homes-total.yaml").rename(project / "data/facts/homes-total.yml")  # read as it is
    (project / "content/about.md").rename(project / "content/about.MD")
    (project / "content/new-page.markdown").write_text("---\ntitle: New\ndescription: New.\n---\n", encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert "OK: 4 facts, 1 page checked, 5 warnings." in result.stdout
    assert result.stderr.splitlines()[:5] == [
        "content/about.MD:1:1: warning: this file is not read: a page's file name ends in .md; rename it to "
        "about.md",
        "content/new-page.markdown:1:1: warning: this file is not read: a page's file name ends in .md; rename it "
        "to new-page.md",
        "data/facts/coverage-survey.yaml.old:1:1: warning: this file is not read: a fact's file name ends in "
        ".yaml; it looks like a copy of coverage-survey.yaml: delete it, or give it a name of its own ending in "
        ".yaml",
        "data/facts/new-survey.yaml.txt:1:1: warning: this file is not read: a fact's file name ends in .yaml; "
        "rename it to new-survey.yaml",
        "data/facts/x.txt:1:1: warning: this file is not read: a fact's file name ends in .yaml; rename it to "
        "x.yaml (if it is not a fact, move it out of data/facts/)",  # notes.txt: an editor's notes, perhaps
    ]
    assert run_build(project, "check", "--strict").returncode == 1


def test_a_comment_cutting_unquoted_text_is_an_error_but_one_after_an_id_or_nothing_is_not(project: Path) -> None:
    replace(project, "data/sources.yaml", "  publisher: Example News", "  publisher:  # not recorded: see notes\n"
            "  notes: The outlet was not recorded.")
    replace(project, "data/facts/coverage-claim.yaml", "source: example-news", "source: example-news  # the paper")
    replace(project, "content/about.md", "title: About", "title: About #methods")
    replace(project, FACT, "title: Homes that can connect, survey", "title: 'Homes that can connect, survey #2'")
    code, lines = check(project)
    assert (code, lines) == (1, ["content/about.md:2:14: title is cut at ' #': YAML reads the rest of the line as a "
                                 "comment, so title would be 'About'; put the whole text in quotes, like title: "
                                 "\"…\""])


def test_an_unclosed_quote_is_reported_where_it_opens(project: Path) -> None:
    replace(project, FACT, "title: Homes that can connect, survey", 'title: "Homes that can connect, survey')
    code, lines = check(project)  # no quote further down: YAML reads to the end of the file
    assert (code, lines) == (1, [f"{FACT}:2:8: YAML syntax error: the quoted text started here is never closed: "
                                 "end it with the same quote mark"])
    replace(project, FACT, "quote: 61.5% of homes", 'quote: "61.5% of homes"')
    code, lines = check(project)  # YAML reads on to the quote on line 9 and fails there
    assert (code, lines) == (1, [f"{FACT}:2:8: YAML syntax error: the quoted text started here is not closed on "
                                 "its line: end it with the same quote mark"])


def test_an_id_key_or_words_after_an_address_get_a_message_that_says_what_to_do(project: Path) -> None:
    replace(project, FACT, "kind: context", "id: coverage-survey\nkind: context")
    replace(project, "data/people.yaml", "  name: Ada Example", "  id: ada-example\n  name: Ada Example")
    replace(project, "data/sources.yaml", "url: https://stats.example/coverage", "url: https://stats.example/coverage (PDF)")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        f"{FACT}:1:1: unknown key 'id': the id is the file's name, so remove this line",
        "data/people.yaml:2:3: unknown key 'id': the id is the name it is listed under ('ada-example'), so remove "
        "this line",
        "data/sources.yaml:10:8: url: an address has no spaces: keep only the address here and put any words "
        "about it in notes; got 'https://stats.example/coverage (PDF)'",
    ]


def test_a_misnamed_fact_file_is_reported_once_not_at_every_reference_to_it(project: Path) -> None:
    (project / FACT).rename(project / "data/facts/Coverage_Survey.yaml")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/Coverage_Survey.yaml:1:1: file name 'Coverage_Survey' must be lowercase letters, "
                     "digits and single hyphens (it is the fact's id): rename it to coverage-survey.yaml"]


def test_a_key_left_indented_below_another_is_named_as_such(project: Path) -> None:
    replace(project, FACT, "as_of: 2030-01", "checked:\n as_of: 2030-01")  # a '#' deleted, its space left
    code, lines = check(project)
    assert code == 1
    assert lines == [f"{FACT}:6:2: checked must be a date written YYYY-MM-DD; got key: value lines; these lines are "
                     "indented further than 'checked:', so they are read as its value: start each key in the same "
                     "column as 'checked:'"]


def test_a_number_in_yamls_other_forms_is_refused_not_read_as_another_number(project: Path) -> None:
    replace(project, FACT, "value: 61.5", "value: 0x41")  # YAML 1.1 reads it as 65
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value: 1_230_000")
    code, lines = check(project)
    assert code == 1
    assert lines == [f"{FACT}:4:8: cannot read '0x41': write a number in plain digits, like 65 or 0.75, or text in "
                     "quotes",
                     "data/facts/homes-covered.yaml:4:8: cannot read '1_230_000': write a number in plain digits, "
                     "here 1230000, or text in quotes"]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_template_syntax_error_is_reported_with_the_data_errors(project: Path, command: str) -> None:
    replace(project, FACT, "value: 61.5", "value: 165")
    template = project / "templates/fact.html"
    lines_before = template.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines_before) if "{% block main %}" in line) + 1
    replace(project, "templates/fact.html", "{% block main %}", "{% block main %}{% iff x %}")
    code, lines = check(project, command)
    assert code == 1
    assert lines[0].startswith(f"{FACT}:4:8: value must be between 0 and 100")
    assert lines[1].startswith(f"templates/fact.html:{at}:1: template syntax error: Encountered unknown tag 'iff'")
    assert len(lines) == 2


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_comment_left_open_in_a_template_is_reported_at_the_template(project: Path, command: str) -> None:
    # below the template's last comment, whose end would close it
    replace(project, "templates/fact.html", "</article>", "</article>{# note to self")
    code, lines = check(project, command)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith("templates/fact.html:"), lines  # Jinja names it by its full path
    assert lines[0].endswith(": template syntax error: Missing end of comment tag"), lines


@pytest.mark.parametrize("command", ["check", "build"])
def test_each_template_a_template_takes_in_that_is_not_there_is_named(project: Path, command: str) -> None:
    """A template that included, extended or imported a file that was not there passed `check` and failed
    the build. Only names in quotes can be checked; one made as the page renders is left to the build.
    The build named the first it met, and the next only once the first was mended; it names them all."""
    line_of = {"home.html": line_with(project, "templates/home.html", '"chart_scripts.html"'),
               "chart.html": line_with(project, "templates/chart.html", '"_macros.html"')}
    replace(project, "templates/home.html", '{% include "chart_scripts.html" %}', '{% include "chart_script.html" %}')
    replace(project, "templates/chart.html", '{% from "_macros.html"', '{% from "macros.html"')
    (project / "templates/notes.html").write_text(
        '{% extends "bas.html" %}\n{% import "_macros.html" as m %}{% include "gone.html" ignore missing %}\n'
        '{% include name %}{% include ["none.html", "base.html"] %}\n{% import "forms.html" as forms %}\n',
        encoding="utf-8")
    code, lines = check(project, command)
    assert code == 1

    def at(template: str, line: int, name: str) -> str:
        """'line:column' of the name a template's line gives in quotes."""
        return f"{line}:{(project / template).read_text(encoding='utf-8').split(chr(10))[line - 1].index(name) + 1}"
    missing = "template not found: there is no templates/{}; correct the name or add the file"
    assert lines == [f"templates/chart.html:{at('templates/chart.html', line_of['chart.html'], 'macros.html')}: "
                     f"{missing.format('macros.html')}",
                     f"templates/home.html:{at('templates/home.html', line_of['home.html'], 'chart_script.html')}: "
                     f"{missing.format('chart_script.html')}",
                     f"templates/notes.html:1:13: {missing.format('bas.html')}",
                     f"templates/notes.html:4:12: {missing.format('forms.html')}"]


def test_a_missing_template_is_named_at_its_tags_column_not_at_a_comment_before_it(project: Path) -> None:
    """The column was that of the name's first quoted copy on the line: a comment before the tag that
    held the name was named instead of the tag."""
    (project / "templates/notes.html").write_text('{# see "gone.html" #}{% include "gone.html" %}\n', encoding="utf-8")
    assert check(project) == (1, ["templates/notes.html:1:34: template not found: there is no templates/gone.html; "
                                  "correct the name or add the file"])


def test_a_missing_template_is_named_at_its_column_after_a_line_separator(project: Path) -> None:
    """Jinja ends a line only at a newline (\\n, \\r\\n or \\r); a U+2028 or form feed pasted into a template
    made the check read another line for the name's column: here the comment's, 2:4, not the include's."""
    (project / "templates/notes.html").write_text(
        '{# a\u2028  "gone.html" #}\n{% include "gone.html" %}\n', encoding="utf-8")
    assert check(project) == (1, ["templates/notes.html:2:13: template not found: there is no templates/gone.html; "
                                  "correct the name or add the file"])


def at_link(project: Path, template: str, asset: str) -> str:
    """'line:column' of the url( call that links a template to an asset, as a message names it."""
    lines = (project / template).read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if f"'{asset}'" in text or f'"{asset}"' in text)
    return f"{line}:{lines[line - 1].index('url(') + 1}"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_static_file_the_pages_link_to_that_is_not_there_is_named_where_it_is_linked(
        project: Path, command: str) -> None:
    """Without static/style.css or a font file its url() names, the site built with no message, its pages
    linking to files it did not have. Each link is named at its template's (or style sheet's) line."""
    (project / "static/style.css").rename(project / "style.css")
    (project / "style.css").rename(project / "static/site.css")  # a style sheet renamed: its url()s still checked
    font = "fonts/arimo-latin-700-normal.woff2"
    at_font = line_with(project, "static/site.css", f"url({font})")
    column = next(line for line in (project / "static/site.css").read_text(encoding="utf-8").split("\n")
                  if f"url({font})" in line).index("url(") + 1
    (project / "static" / font).unlink()
    with (project / "templates/base.html").open("a", encoding="utf-8") as base:  # a link commented out: no page has it
        base.write("{# <link rel=\"stylesheet\" href=\"{{ url('assets/old.css') }}\"> #}\n")
    code, lines = check(project, command)
    assert code == 1
    gone = "links to assets/style.css, the copy of static/style.css, which is not there: restore the file, or " \
           "correct the name"
    assert lines == [f"static/site.css:{at_font}:{column}: url({font}) names static/{font}, which is not there: restore "
                     "the file, or correct the name",
                     f"templates/base.html:{at_link(project, 'templates/base.html', 'assets/style.css')}: {gone}",
                     f"templates/embed_base.html:{at_link(project, 'templates/embed_base.html', 'assets/style.css')}: "
                     f"{gone}"]
    assert not (project / "site").exists()


def test_a_static_file_removed_after_a_build_is_named_by_the_next(project: Path) -> None:
    """A file removed from static/ after a good build is named by the next build, which keeps a cache."""
    assert run_build(project).returncode == 0
    (project / "static/charts.js").unlink()
    code, lines = check(project, "build")
    assert code == 1
    at = at_link(project, "templates/chart_scripts.html", "assets/charts.js")
    assert lines == [f"templates/chart_scripts.html:{at}: links to assets/charts.js, the copy of static/charts.js, which is not there: restore the "
                     "file, or correct the name"]


@pytest.mark.parametrize("added, message", [
    ("{% include 'notes.html' %}", "template not found: there is no templates/notes.html; correct the name or add "
                                   "the file"),  # named at the include, not at the missing file
    ("{{ 1 / 0 }}", "template error: division by zero"),  # the template's own code, not the builder's
    # a filter given what it cannot take (a code audit: 'Internal error', with no line)
    ("{{ entry.fact.title|number }}", "template error: ValueError: invalid literal for int() with base 10: 'Homes "
                                      "that can connect', raised by a filter this line gives a value it cannot "
                                      "take"),
])
def test_a_template_that_fails_as_it_renders_is_named_at_its_line(project: Path, added: str, message: str) -> None:
    template = project / "templates/fact.html"
    lines_before = template.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines_before) if "{% block main %}" in line) + 1
    replace(project, "templates/fact.html", "{% block main %}", "{% block main %}" + added)
    code, lines = check(project, "build")
    assert code == 1
    line = template.read_text(encoding="utf-8").split("\n")[at - 1]
    column = line.index("'notes.html'") + 2 if "not found" in message else 1  # a missing name: the name's own
    assert lines == [f"templates/fact.html:{at}:{column}: {message}"]


def test_a_build_stopped_by_a_template_names_the_other_templates_problems_too(project: Path) -> None:
    """A build that met an error as a template rendered named that one alone: a missing include in another
    template, which the check names without rendering, waited for the next build."""
    at = line_with(project, "templates/fact.html", "{% block main %}")
    replace(project, "templates/fact.html", "{% block main %}", "{% block main %}{{ 1 / 0 }}")
    (project / "templates/notes.html").write_text('<p>Notes</p>\n<p>{% include "gone.html" %}</p>\n', encoding="utf-8")
    assert check(project, "build") == (1, [f"templates/fact.html:{at}:1: template error: division by zero",
                                           "templates/notes.html:2:16: template not found: there is no "
                                           "templates/gone.html; correct the name or add the file"])


def test_a_fault_of_the_builder_met_while_a_template_renders_is_not_blamed_on_the_template(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: once a failure anywhere below a template line was named at that line, a fault in the
    builder's own code (here, the dates a fact's page shows) sent the editor to a template nobody had
    touched. Only the template's own code and its filters are the template's; the rest is the
    builder's, and ends as an internal error with its details kept for developers."""
    from bakuclaims import publish
    from bakuclaims.options import Options
    from bakuclaims.pipeline import build_site

    def broken(self: object, entry: object) -> None:
        raise KeyError("missing")

    monkeypatch.setattr(publish.Publisher, "last_updated", broken)
    with pytest.raises(KeyError):
        build_site(project, project / "site", Options.parse("/", ""))
    assert not (project / "site").exists()


def test_check_names_a_template_it_cannot_read_instead_of_failing(project: Path) -> None:
    (project / "templates/notes.html").write_bytes(b"caf\xe9 {{ x }}\n")  # Latin-1, not UTF-8
    code, lines = check(project)
    assert code == 1
    assert lines == ["templates/notes.html:1:4: cannot be read as UTF-8 text (byte 0xe9); save the file with UTF-8 "
                     "encoding"]


def test_a_build_names_a_template_it_uses_and_cannot_read(project: Path) -> None:
    template = project / "templates/fact.html"
    lines_before = template.read_bytes().split(b"\n")
    at = next(i for i, line in enumerate(lines_before) if b"{% block main %}" in line) + 1
    template.write_bytes(template.read_bytes().replace(b"{% block main %}", b"{% block main %}caf\xe9", 1))
    code, lines = check(project, "build")  # the data are valid: only rendering meets the template
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"templates/fact.html:{at}:"), lines
    assert lines[0].endswith(": cannot be read as UTF-8 text (byte 0xe9); save the file with UTF-8 encoding")


def test_under_strict_the_summary_says_warnings_stopped_the_build(project: Path) -> None:
    replace(project, "data/facts/coverage-claim.yaml", "quote: eighty per cent of homes can connect\n", "")
    assert run_build(project, "check").returncode == 0
    result = run_build(project, "check", "--strict")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == ("Build failed: 1 warning, an error under --strict; "
                                              "nothing was written.")


def test_a_registrys_last_key_left_in_the_first_column_is_named_as_its_records_key(project: Path) -> None:
    """What an editors' audit found: a person's last key moved to the first column was read as a new
    person with the id 'role', and the message asked for key: value lines below 'role:'."""
    replace(project, "data/people.yaml", "  role: Minister of Examples", "role: Minister of Examples")
    code, lines = check(project)
    assert code == 1
    assert "data/people.yaml:3:1: 'role:' starts in the first column, so it is read as a new id rather than a key " \
           "of 'ada-example': indent it by two spaces, as the keys above it are, below 'ada-example:'" in lines
    assert not any("must be key: value lines" in line or "missing required key" in line for line in lines), lines
    replace(project, "data/people.yaml", "role: Minister of Examples", "role: [Minister, of Examples]")
    assert any(line.startswith("data/people.yaml:3:7: role must be text") for line in check(project)[1]), \
        "a problem with the stray key's value is named on its own line, not its record's"


def test_text_in_brackets_and_an_id_with_a_character_that_does_not_show_are_told_the_fix(project: Path) -> None:
    """What an editors' audit found: title: [Share of homes, that can connect] was told to "write the text on
    the same line as 'title:'", where it was; an id with a zero-width space pasted in was shown escaped
    (ada\\u200b-example), with nothing to say what that is or the id it should be."""
    replace(project, FACT, "title: Homes that can connect, survey", "title: [Share of homes, that can connect]")
    replace(project, "data/facts/coverage-claim.yaml", "speaker: ada-example", "speaker: ada\u200b-example")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        "data/facts/coverage-claim.yaml:5:10: speaker must be an id of lowercase letters, digits and single hyphens, "
        "like 'ilham-aliyev'; got 'ada\\u200b-example' (with a zero width space, U+200B, which does not show: delete "
        "it); written as an id it is 'ada-example'",
        f"{FACT}:2:8: title must be text: text that starts with [ is read as a list; put the whole text in quotes, "
        "like title: \"[Share of homes, that can connect]\""], lines


def test_the_last_line_counts_the_errors_and_the_warnings(project: Path) -> None:
    """What an editors' audit found: a failed run that also had a warning said "1 error" alone, and
    under --strict, which had printed two warnings as errors beside two errors, "2 errors"."""
    replace(project, FACT, "value: 61.5", "value: 165")
    replace(project, "data/facts/coverage-claim.yaml", "quote: eighty per cent of homes can connect\n", "")
    last = {flags: run_build(project, "check", *flags).stderr.splitlines()[-1] for flags in [(), ("--strict",)]}
    assert last == {(): "Build failed: 1 error, 1 warning; nothing was written.",
                    ("--strict",): "Build failed: 1 error, 1 warning (an error under --strict); nothing was written."}


def test_a_github_run_lists_every_problem_on_its_summary_page_and_says_when_some_are_not_beside_their_lines(
        project: Path, tmp_path: Path) -> None:
    """GitHub shows the first ten errors (and ten warnings) of a step beside their lines and drops the
    rest without a word: an editor whose own file came eleventh saw nothing of it. The run says so, and
    lists every problem on the run's summary page (the file GITHUB_STEP_SUMMARY names)."""
    fact = (project / FACT).read_text(encoding="utf-8")
    for n in range(11):
        (project / f"data/facts/bad-{n:02}.yaml").write_text(fact.replace("value: 61.5", f"value: {165 + n}"),
                                                             encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run_build(project, "check", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    assert sum(line.startswith("::error ") for line in result.stderr.splitlines()) == 11
    assert ("::notice::GitHub shows the first 10 errors beside their lines: all 11 problems are "
            "listed in this step's log and on the run's summary page.") in result.stderr.splitlines()
    listed = summary.read_text(encoding="utf-8")
    assert listed.startswith("### Problems found by build.py (11)\n")
    assert all(f"- `data/facts/bad-{n:02}.yaml:4:8`: value must be between 0 and 100" in listed for n in range(11))
    unlisted = run_build(project, "check", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(tmp_path)})
    assert "are listed in this step's log." in unlisted.stderr, "a summary page not written is not promised"
    replace(project, "data/facts/coverage-claim.yaml", "quote: eighty per cent of homes can connect\n", "")  # a warning
    mixed = run_build(project, "check", "--format", "github").stderr
    assert "GitHub shows the first 10 errors and 10 warnings beside their lines: all 12 problems" in mixed
    strict = run_build(project, "check", "--strict", "--format", "github").stderr
    assert "GitHub shows the first 10 errors beside their lines: all 12 problems" in strict, \
        "under --strict the warning is given as an error: ten are shown in all"
    (project / "data/facts/bad-10.yaml").unlink()
    assert "GitHub shows" not in run_build(project, "check", "--format", "github").stderr, "ten are all beside their lines"


def test_related_naming_the_fact_itself_or_one_fact_twice_is_an_error(project: Path) -> None:
    replace(project, "data/facts/coverage-claim.yaml", "related: [coverage-survey]",
            "related: [coverage-survey, coverage-claim, coverage-survey]")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/coverage-claim.yaml:11:28: related lists this fact itself ('coverage-claim'): "
                     "name other facts only",
                     "data/facts/coverage-claim.yaml:11:44: related lists 'coverage-survey' twice: keep one"]


def test_corrections_out_of_order_and_an_assessment_older_than_its_claim_are_warnings(project: Path) -> None:
    fact = project / "data/facts/coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8") + (
        "corrections:\n  - date: 2030-04-02\n    text: The role was corrected.\n"
        "  - date: 2030-03-10\n    text: The date was corrected.\n"
        "assessment:\n  rating: accurate\n  summary: As the survey found.\n  gets_right: All.\n"
        "  leaves_out: Nothing.\n  measures: Homes.\n  date: 2030-02-01\n"), encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert ("data/facts/coverage-claim.yaml:15:11: warning: corrections go oldest first: this one (2030-03-10) "
            "comes after one dated 2030-04-02; move it up") in result.stderr
    assert ("data/facts/coverage-claim.yaml:23:9: warning: the assessment is dated 2030-02-01, before the claim "
            "was made (2030-03-01): check both dates") in result.stderr


def test_a_claim_outside_its_events_days_or_beside_an_old_figure_is_told_what_to_check(project: Path) -> None:
    """Each warning names its fix, as errors do; these two said only what was odd."""
    replace(project, "data/facts/coverage-claim.yaml", "said_on: 2030-03-01", "said_on: 2030-02-20")
    replace(project, "data/facts/coverage-survey.yaml", "as_of: 2030-01", "as_of: 2027-01")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert ("data/facts/coverage-claim.yaml:7:10: warning: said_on 2030-02-20 is outside the event's dates "
            "(2030-03-01 to 2030-03-02): check the day against the source, and the event the claim names"
            ) in result.stderr
    assert ("data/facts/coverage-claim.yaml:11:11: warning: context figure 'coverage-survey' (2027-01) is more "
            "than two years older than the claim: relate a figure nearer the claim's date instead, if the site "
            "has one") in result.stderr


def test_a_fact_dated_after_its_source_was_published_is_a_warning(project: Path) -> None:
    """A year mistyped (2031 for 2030) passed the check: a claim said after the report of it, a
    figure for a month after its source's date. Within the source's month or year is no warning."""
    replace(project, "data/facts/coverage-claim.yaml", "said_on: 2030-03-01", "said_on: 2031-03-01")
    replace(project, "data/facts/coverage-survey.yaml", "as_of: 2030-01", "as_of: 2031-01")
    replace(project, "data/facts/homes-total.yaml", "as_of: 2030\n", "as_of: 2030-01-31\n")  # source: 2030-01
    code, lines = check(project)
    assert code == 0
    assert [line for line in lines if "was published" in line] == [
        "data/facts/coverage-claim.yaml:7:10: warning: said_on 2031-03-01 is after its source 'example-news' was "
        "published (2030-03-01): check both dates; a claim cannot be reported before it is made",
        "data/facts/coverage-survey.yaml:5:8: warning: as_of 2031-01 is after its source 'example-stats' was "
        "published (2030-01): check both dates; if the figure is a target, give its metric target: true"]


def test_a_targets_slips_are_named_with_their_fix(project: Path) -> None:
    """An editor's walkthrough: target: true typed on the fact was refused with the fact's allowed keys
    alone; a target dated by the day it was set passed without a word, its page then reading "Target for
    1 January 2030"; a capitalised period's message quoted a sentence without the "target for" shown."""
    replace(project, "data/facts/coverage-survey.yaml", "as_of: 2030-01", "as_of: 2030-01\ntarget: true")
    code, lines = check(project)
    assert code == 1
    assert ("data/facts/coverage-survey.yaml:6:1: unknown key 'target': target belongs to the metric, not the fact; "
            "move this line to data/metrics.yaml, under 'coverage:'") in lines
    replace(project, "data/facts/coverage-survey.yaml", "as_of: 2030-01\ntarget: true", "as_of: 2030-01")
    replace(project, "data/metrics.yaml", "  unit: percent\n", "  unit: percent\n  target: true\n")
    code, lines = check(project)
    assert code == 0
    assert ("data/facts/coverage-survey.yaml:5:8: warning: as_of 2030-01 is not after its source 'example-stats' was "
            "published (2030-01), but its metric 'coverage' is of targets: a target's as_of is the date it is for "
            "(as_of: 2030-12 with as_of_words: end of 2030), not the day it was set, which its source gives") in lines
    replace(project, "data/facts/coverage-survey.yaml", "as_of: 2030-01", "as_of: 2031-12\nas_of_words: End of 2031")
    code, lines = check(project)
    assert ("data/facts/coverage-survey.yaml:6:14: warning: 'End of 2031' is shown inside sentences ('Example "
            "Statistics Office, target for End of 2031'): write 'end of 2031' (a page capitalises it where it begins "
            "a sentence)") in lines
    assert not [line for line in lines if "is not after its source" in line]


def test_a_target_dated_after_its_source_is_no_warning_and_its_page_says_what_it_is_for(project: Path) -> None:
    """A target is for a date after the report of it ('1 million by the end of 2031'): its metric
    says so with target: true, its as_of is the date it is for, and its page says 'Target for', not
    'Refers to' (which read as the day the target was reported when that was its as_of)."""
    replace(project, "data/facts/coverage-survey.yaml", "as_of: 2030-01", "as_of: 2031-12\nas_of_words: end of 2031")
    replace(project, "data/metrics.yaml", "  unit: percent\n", "  unit: percent\n  target: true\n")
    code, lines = check(project)
    assert code == 0
    assert not [line for line in lines if "was published" in line]
    run_build(project, "build")
    page = (project / "site/facts/coverage-survey/index.html").read_text(encoding="utf-8")
    assert '<dt>Target for</dt> <dd><time datetime="2031-12">End of 2031</time></dd>' in page
    assert "Refers to" not in page
    assert 'Example Statistics Office, target for <time datetime="2031-12">end of 2031</time>' in page


def test_a_copied_fact_file_is_named_as_a_likely_copy(project: Path) -> None:
    facts = project / "data/facts"
    (facts / "coverage-claim-copy.yaml").write_text((facts / "coverage-claim.yaml").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert ("data/facts/coverage-claim-copy.yaml:1:1: warning: this fact gives the same figure, from the same "
            "source and speaker, for the same date as 'coverage-claim': if it is a copy, delete one") \
        in result.stderr.splitlines(), result.stderr


def test_a_reference_closing_an_aside_and_a_percent_in_an_address_are_not_mistakes(project: Path) -> None:
    page = project / "content/expo-2030.md"
    page.write_text(page.read_text(encoding="utf-8") + (
        "\nThe minister's figure [as reported, [[coverage-claim]]] is in "
        "https://news.example/a/50%25/b and <https://news.example/60%25>.\n"), encoding="utf-8")
    result = run_build(project, "check", "--strict")
    assert result.returncode == 0, result.stderr


def test_an_editors_backup_file_beside_the_facts_is_passed_over(project: Path) -> None:
    facts = project / "data/facts"
    for name in ("coverage-claim.yaml~", "#coverage-claim.yaml#", "coverage-claim.yaml.swp"):
        (facts / name).write_text((facts / "coverage-claim.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build(project, "check", "--strict")
    assert result.returncode == 0, result.stderr


# -- messages that say the fix (from a new editor's walkthrough of EDITING.md) ----------------

@pytest.mark.parametrize("typed, fix", [("61,5", "write the decimals after a point: 61.5"), ("61.5%", "write 61.5"),
                                        ("1,234,567", "write 1234567")])
def test_a_number_typed_as_people_write_it_is_told_how_to_write_it(project: Path, typed: str, fix: str) -> None:
    replace(project, FACT, "value: 61.5", f"value: {typed}")
    code, lines = check(project)
    assert code == 1 and lines == [f"{FACT}:4:8: value must be a plain number (no % sign, spaces or commas); "
                                   f"got '{typed}'; {fix}"]


def test_a_key_of_the_other_kind_of_fact_says_which_kind_has_it(project: Path) -> None:
    """'unknown key speaker; allowed keys: …' left an editor to guess that a context figure has no speaker."""
    replace(project, FACT, "source: example-stats", "source: example-stats\nspeaker: ada-example")
    replace(project, "data/facts/coverage-claim.yaml", "source: example-news", "source: example-news\nproducer: X")
    code, lines = check(project)
    assert code == 1 and lines == [
        "data/facts/coverage-claim.yaml:11:1: unknown key 'producer': only a context figure has producer, and this "
        "fact is kind: claim; if this is a published statistic to read claims against, write kind: context, else "
        "remove the line",
        f"{FACT}:11:1: unknown key 'speaker': only a claim has speaker, and this fact is kind: context; if someone "
        "said this figure at a conference, write kind: claim, else remove the line"]


def test_a_blocks_lines_left_unindented_are_told_to_go_inside_it(project: Path) -> None:
    """An assessment typed without indenting its lines gave 'unknown key rating; allowed keys: …'."""
    path = project / "data/facts/coverage-claim.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "assessment:\nrating: accurate\n", encoding="utf-8")
    code, lines = check(project)
    assert code == 1 and lines == [
        "data/facts/coverage-claim.yaml:13:1: unknown key 'rating': rating belongs inside the assessment: block; "
        "indent its line (and the block's other lines) two spaces further than 'assessment:'"]


def test_a_share_over_100_asks_whether_its_inputs_are_the_wrong_way_round(project: Path) -> None:
    """Swapped inputs were told 'write value: 3252033', and that value was then refused as a percent."""
    homes = "data/facts/homes-covered.yaml"
    replace(project, homes, "operation: percent-of", "operation: share")
    replace(project, homes, "inputs: [coverage-survey, homes-total]", "inputs: [homes-total, coverage-survey]")
    code, lines = check(project)
    assert code == 1 and lines == [
        f"{homes}:11:11: the share of homes-total in coverage-survey gives 3252033, more than 100: a share is the "
        "first input (the part) divided by the second (the whole); if they are the wrong way round, write inputs: "
        "[coverage-survey, homes-total]"]


def test_a_chart_that_draws_nothing_is_an_error_not_left_out_in_silence(project: Path) -> None:
    charts = project / "data/charts.yaml"
    charts.write_text(charts.read_text(encoding="utf-8") + "empty:\n  title: Nothing\n  takeaway: None.\n"
                      "  kind: comparison\n", encoding="utf-8")
    code, lines = check(project)
    assert code == 1 and lines == ["data/charts.yaml:8:3: facts and metrics list nothing, so this chart draws "
                                   "nothing: list the fact ids it shows under facts:, or metric ids under metrics:, "
                                   "or both"]
    charts.write_text(charts.read_text(encoding="utf-8") + "  facts: []\n", encoding="utf-8")
    code, lines = check(project)
    assert code == 1 and lines == ["data/charts.yaml:11:10: facts and metrics list nothing, so this chart draws "
                                   "nothing: list the fact ids it shows under facts:, or metric ids under metrics:, "
                                   "or both"], "at the empty list, not at the chart's first line"


def test_a_derived_fact_without_its_value_is_told_the_value_its_arithmetic_gives(project: Path) -> None:
    """It was told 'write the number after value:, like value: 65', with the number to hand."""
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000\n", "")
    code, lines = check(project)
    assert code == 1 and lines == [
        "data/facts/homes-covered.yaml:3:9: a derived fact needs its value written too, so that the check can hold "
        "it to its arithmetic: its derivation gives 1230000; write value: 1230000"]


def test_an_id_refused_where_it_is_defined_is_named_at_each_use_not_offered_as_the_fix(project: Path) -> None:
    """With a source's id written example_news, each use of example-news was asked 'did you mean
    example_news?', an id the check refuses; fixed by hand, it proposed another source."""
    replace(project, "data/sources.yaml", "example-news:", "example_news:")
    code, lines = check(project)
    assert code == 1 and lines == [
        "data/events.yaml:9:11: unknown source 'example-news': it is defined as 'example_news', which is not a "
        "valid id; correct it where it is defined",
        "data/facts/coverage-claim.yaml:10:9: unknown source 'example-news': it is defined as 'example_news', which "
        "is not a valid id; correct it where it is defined",
        "data/sources.yaml:1:1: id 'example_news' must be lowercase letters, digits and single hyphens, like "
        "'azernews-2024-05-15-digital-id'"]


def test_an_id_longer_than_an_id_may_be_is_refused_where_it_is_given(project: Path) -> None:
    """A fact file's name (its id) of 85 characters was accepted, and every reference to it refused."""
    long_id = "survey-" + "x" * 78
    (project / "data/facts/coverage-survey.yaml").rename(project / f"data/facts/{long_id}.yaml")
    replace(project, "data/sources.yaml", "example-news:", "example-news-" + "y" * 70 + ":")
    code, lines = check(project)
    assert f"data/facts/{long_id}.yaml:1:1: file name '{long_id}' is 85 characters; a fact's id (its file name) " \
           "may be at most 80: shorten it" in lines
    assert any(line.startswith("data/sources.yaml:1:1: id 'example-news-yyy") and "is 83 characters" in line
               for line in lines), lines


def test_a_not_rated_reason_has_its_references_and_typed_figures_checked_like_notes(project: Path) -> None:
    fact = project / "data/facts/coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8") + (
        "not_rated: >-\n  A goal: the survey found [[coverage-survy]], and\n  61.5% is not a result.\n"),
        encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/coverage-claim.yaml:13:28: unknown fact 'coverage-survy' in [[coverage-survy]]; "
                     "did you mean 'coverage-survey'?",
                     f"data/facts/coverage-claim.yaml:14:3: warning: typed figure '61.5%': {TYPED}"]


def test_no_suggestion_says_the_opposite_of_what_was_typed() -> None:
    """'inaccurate' was met with "did you mean 'accurate'?", 'at most' with 'at least': an editor
    who took the suggestion would publish the opposite verdict or figure."""
    from bakuclaims.validate import _suggest
    ratings = ["accurate", "accurate-but-incomplete", "misleading", "unsupported", "exaggerated"]
    assert _suggest("inaccurate", ratings) == "" and _suggest("unseen", ["seen", "secondary", "derived"]) == ""
    assert _suggest("at most", ["about", "nearly", "at least", "more than"]) == ""
    assert _suggest("not more than", ["more than", "less than"]) == ""
    assert _suggest("supported", ratings) == "", "nor 'unsupported' for 'supported'"
    assert _suggest("acurate", ratings) == "; did you mean 'accurate'?", "a misspelling still gets one"


def test_a_top_heading_and_a_link_without_https_are_flagged_in_a_summary(project: Path) -> None:
    """Both built without a word: '# Heading' came out as plain text (a page's one top heading is its
    title), and [text](www.itu.int) as a link to a missing page of the site."""
    replace(project, "content/expo-2030.md", "## Why they differ", "# Why they differ")
    replace(project, "content/expo-2030.md", "[the method](/about/)", "[the method](www.itu.int/method)")
    result = run_build(project, "check", "--strict", "--format", "github")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "::error file=content/expo-2030.md,line=10,col=1::a line starting with '#' is a top heading, and a page has "
        "one, its title: this line is shown as plain text; start a section's heading with '## ', and one inside it "
        "with '### ' (to begin a line with the character #, write \\#)",
        "::error file=content/expo-2030.md,line=12,col=61::the link to 'www.itu.int/method' has no https:// before "
        "it, so it would lead to a missing page of this site: write (https://www.itu.int/method)"], \
        "under --strict a warning fails the build, so GitHub marks it as an error"
    assert "warning: a line starting with '#' is a top heading" in run_build(project, "check").stderr
    replace(project, "content/expo-2030.md", "# Why they differ", "  # Why they differ")  # a paragraph, not a heading
    assert "top heading" not in run_build(project, "check").stderr


def test_a_date_written_another_way_gets_its_form_only_when_it_can_be_read_one_way() -> None:
    from bakuclaims.models import date_hint
    assert date_hint("15/03/2030") == "; write 2030-03-15" and date_hint("March 1, 2030") == "; write 2030-03-01"
    assert date_hint("05/06/2030") == ("; the day and month could be either way round: write 2030-06-05 for 5 June, "
                                       "or 2030-05-06 for 6 May"), "no guess: both readings"
    assert date_hint("06/06/2030") == "; write 2030-06-06", "the same either way round"
    assert date_hint("January 2030", day_needed=False) == "; write 2030-01", "a month is a date for as_of"
    assert date_hint("30 February 2030") == "" and date_hint("Foo 2030") == ""
    assert date_hint("05/15/2030") == "; write 2030-05-15", "month first: one reading"
    assert date_hint("00/05/2030") == "" and date_hint("13/13/2030") == "", "no date exists to offer"


def test_a_month_first_date_is_named_with_its_line_not_an_internal_error(project: Path) -> None:
    """An editor's audit: 'said_on: 05/15/2024' (month first, as in the US) stopped the build with
    'Internal error: IndexError' and no file, hiding every other problem."""
    replace(project, FACT, "as_of: 2030-01", "as_of: 01/15/2030")
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value: 12%")
    code, lines = check(project)
    assert code == 1 and not any("Internal error" in line for line in lines), lines
    assert any(line.startswith(f"{FACT}:5:8: ") and line.endswith("write 2030-01-15") for line in lines), lines
    assert any(line.startswith("data/facts/homes-covered.yaml:4:8: ") for line in lines), "every problem at once"


def test_a_percentage_below_1_is_questioned_as_a_fraction(project: Path) -> None:
    """value: 0.615 for 61.5% passed without a word and drew a bar of 0.6%."""
    replace(project, FACT, "value: 61.5", "value: 0.615")
    result = run_build(project, "check")
    assert f"{FACT}:4:8: warning: value 0.615 is less than 1 per cent: if it is a share written as a fraction, " \
           "write it in per cent (61.5)" in result.stderr.splitlines()
    replace(project, FACT, "quote: 61.5% of homes", "quote: 0.615% of homes")
    assert "less than 1 per cent" not in run_build(project, "check").stderr, "the source gave it in per cent"


def test_number_and_date_hints_are_right_at_the_edges(project: Path) -> None:
    """From a review: '1,500 million' was told 'write 1500000' (the comma read as a decimal point);
    300 nines and 'million' stopped the build with an internal error; 2030-00 passed as a date;
    'value: 1e-7' was told 'here 1e-07', which YAML cannot read either."""
    from bakuclaims.validate import _plain_number
    assert _plain_number("1,500 million") == "; write 1500000000 (a count is written in full)"
    assert _plain_number("1,5 million") == "; write 1500000 (a count is written in full)"
    assert _plain_number("9" * 310 + " million") == ""
    replace(project, FACT, "as_of: 2030-01", "as_of: 2030-00")
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value: 1e-7")
    replace(project, "data/facts/coverage-claim.yaml", "kind: claim", "kind: off")
    code, lines = check(project)
    assert code == 1
    assert f"{FACT}:5:8: as_of: '2030-00' is not a real date (there is no month 0); write one that exists: 2024, " \
           "2024-05 or 2024-05-15" in lines
    assert "data/facts/homes-covered.yaml:4:8: cannot read '1e-7': write a number in plain digits, here 0.0000001, " \
           "or text in quotes" in lines
    assert any(line.startswith("data/facts/coverage-claim.yaml:1:7: kind must be") and line.endswith("got 'off'")
               for line in lines), lines


def test_true_and_false_pass_in_any_case_and_yaml_s_other_words_for_them_do_not(project: Path) -> None:
    """independent: yes, off or y passed as true or false (YAML 1.1 reads yes and off so, pydantic y and 1),
    though FIELDS.md takes only true and false, and YAML 1.2, which the editor's schema check follows, reads
    yes as text. True, FALSE and the like are still true and false."""
    replace(project, FACT, "independent: true", "independent: TRUE")
    replace(project, "data/metrics.yaml", "  unit: percent\n", "  unit: percent\n  target: False\n")
    assert check(project) == (0, [])
    replace(project, FACT, "independent: TRUE", "independent: true")
    replace(project, FACT, "independent: true", "independent: off")
    replace(project, "data/metrics.yaml", "  unit: count\n", "  unit: count\n  target: Y\n")
    replace(project, "data/facts/coverage-claim.yaml", "kind: claim", "kind: no")
    code, lines = check(project)
    assert code == 1
    assert f"{FACT}:7:14: independent must be true or false; got 'off': write true or false" in lines
    assert "data/metrics.yaml:12:11: target must be true or false; got 'Y': write true or false" in lines
    assert any(line.startswith("data/facts/coverage-claim.yaml:1:7: kind must be") and line.endswith("got 'no'")
               for line in lines), lines  # a word where no true or false belongs keeps its field's message


def test_a_summary_with_long_runs_of_brackets_passes_the_check(project: Path) -> None:
    """A summary with 40,000 '[' in a row passes the check, with no near-miss reference or typed figure found in
    it. It took 20 seconds before 5ee9cda; a line of 20,000 backticks or tildes took 8, a link's label followed by
    20,000 '"' 7, and 20,000 characters of '<a ' 2.5. The benchmark times it (benchmarks/bench.py, 'check, a
    summary with 40,000-long runs'), as speed is measured there, not in tests."""
    runs = "".join(f"\n{piece * (40_000 // len(piece))}\n"
                   for piece in ("[", "{", "<", "“", "[[ ", "< ", "`", "~", "![", "<a "))
    runs += "\n[label]: " + '"' * 40_000 + " x\n"  # a link's definition, were the line to end with '"'
    with (project / "content" / "expo-2030.md").open("a", encoding="utf-8") as summary:
        summary.write(runs)
    assert check(project) == (0, [])


def test_code_is_read_where_the_check_always_read_it() -> None:
    """What the check leaves alone as code, in the search for references and typed figures, is what the regex it
    used found (a fence to the next line starting with as many marks, `code` to the next run as long on its line,
    and its odd cases: '``' alone, a fence closed by a shorter one), on random texts of backticks and tildes."""
    from bakuclaims.validate import _code_spans
    regex = re.compile(r"^(`{3,}|~{3,}).*?^\1|(`+)[^`\n]*?\2", re.MULTILINE | re.DOTALL)
    rng = random.Random(2030)
    for _ in range(4000):
        text = "".join(rng.choice(("`", "``", "```", "~", "~~~", "\n", " ", "a")) for _ in range(rng.randint(1, 20)))
        assert _code_spans(text) == [match.span() for match in regex.finditer(text)], text


def test_images_are_found_where_the_check_always_found_them() -> None:
    """Each image the check warns of is one the regex it used found, on random texts of the marks an image is
    written with: a try that fails is not made again from inside the stretch it read."""
    from bakuclaims.validate import _images
    regex = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
    rng = random.Random(2030)
    for _ in range(4000):
        text = "".join(rng.choice(("![", "!", "[", "]", "(", ")", "](", "\n", " ", "a"))
                       for _ in range(rng.randint(1, 20)))
        assert [match.span() for match in _images(text)] == [match.span() for match in regex.finditer(text)], text


def test_links_are_found_where_the_check_always_found_them() -> None:
    """Each link whose address the check reads ([text](address), a '[label]: address "title"' line, <a href>)
    is one the regex it used found, with the same address and title, on random texts of the marks links are
    written with: a definition's title is found once, not again for each mark that could open it, and an <a
    with no href before its '>' is not tried again from inside it."""
    from bakuclaims.validate import _HREF, _INLINE_LINK, _link_targets
    regex = re.compile(r"\]\(\s*<?([^\s()<>]*)"
                       r"|^ {0,3}\[[^\[\]\n]+\]:[ \t]*<?([^\s<>]+?)>?[ \t]*(?:([\"'])[^\n]*\3[ \t]*|\([^\n]*\)[ \t]*)?\r?$"
                       r"|<a\s[^>]*?\bhref\s*=\s*[\"']([^\"']*)", re.MULTILINE | re.IGNORECASE)
    rng = random.Random(2030)
    pieces = ("](", "[a]:", "  [a]:", "<a ", "<A\t", "href=", "'", '"', "(", ")", "<", ">", "[", "]", "\n", "\r\n", " ",
              "a")
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        found = [(match.span(), match.start("address"), match["address"],
                  None if match.re in (_INLINE_LINK, _HREF) else match["quote"]) for match in _link_targets(text)]
        expected = [(match.span(), match.start(index), match[index], match[3])
                    for match in regex.finditer(text) for index in (1, 2, 4) if match[index] is not None]
        assert found == expected, text


def test_quotes_code_and_tags_are_left_out_of_the_search_for_figures_as_the_regex_left_them() -> None:
    """What the search for typed figures leaves alone (quoted words, blockquotes, code, [[refs]], link addresses,
    <tags>) is what the regex _NOT_PROSE finds, on random texts of its marks: a '<' or '“' that finds no end
    is not tried again at a later one that would find none either."""
    from bakuclaims.validate import _NOT_PROSE, _not_prose_spans
    rng = random.Random(2030)
    pieces = ('"', "“", "”", "<", ">", "[[", "]]", "](", ")", "`", "https://", " ", "\n", " >", "a")
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        assert _not_prose_spans(text) == [match.span() for match in _NOT_PROSE.finditer(text)], text


def test_a_half_per_cent_written_with_a_decimal_comma_in_the_quote_is_not_questioned(project: Path) -> None:
    """A source that gives a true small share as '0,5%' (a decimal comma, as many European
    sources write it) was still questioned: only '0.5%', the value as written, kept it quiet."""
    replace(project, FACT, "value: 61.5", "value: 0.5")
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value: 10000")  # 0.5% of the homes
    result = run_build(project, "check")
    assert f"{FACT}:4:8: warning: value 0.5 is less than 1 per cent: if it is a share written as a fraction, " \
           "write it in per cent (50)" in result.stderr.splitlines(), "the quote gives 61.5%, not 0.5%"
    replace(project, FACT, "quote: 61.5% of homes", "quote: 0,5% of homes")
    result = run_build(project, "check", "--strict")
    assert result.returncode == 0 and "less than 1 per cent" not in result.stderr, result.stderr


def test_percentage_points_in_the_quote_do_not_quiet_the_below_1_per_cent_warning(project: Path) -> None:
    """"0.5 percentage points" in a quote was read as "0.5 per cent" ("per ?cent" matched the start
    of "percentage"), and a share written as a fraction passed without a word."""
    replace(project, FACT, "value: 61.5", "value: 0.615")
    replace(project, "data/facts/homes-covered.yaml", "value: 1230000", "value: 12300")  # 0.615% of the homes
    replace(project, FACT, "quote: 61.5% of homes", "quote: 61.5% of homes, up 0.5 percentage points")
    for quote in ("61.5% of homes, up 0.5 percentage points", "61.5% of homes, up 0.5% points"):
        replace(project, FACT, "quote: 61.5% of homes, up 0.5 percentage points", f"quote: {quote}")
        result = run_build(project, "check")
        assert result.returncode == 0 and f"{FACT}:4:8: warning: value 0.615 is less than 1 per cent" in result.stderr, \
            (quote, result.stderr)


def test_a_missing_space_after_a_key_is_named_in_a_file_saved_with_windows_line_endings(project: Path) -> None:
    """With CRLF line ends, 'url:https://…' got "this line has no 'key:'" (the end of line is '\\r\\n')."""
    sources = project / "data" / "sources.yaml"
    text = sources.read_text(encoding="utf-8").replace("  url: https://stats.example/coverage",
                                                        "  url:https://stats.example/coverage")
    sources.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert "data/sources.yaml:10:3: YAML syntax error: add a space after the colon: write 'url: ' and then the value" \
        in run_build(project, "check").stderr.splitlines()


def test_two_misnamed_fact_files_are_not_told_to_take_one_name(project: Path) -> None:
    """Coverage_Survey_2.yaml and coverage_survey_2.yaml were both told "rename it to
    coverage-survey-2.yaml"; an editor who did both would lose one of them."""
    text = (project / FACT).read_text(encoding="utf-8")
    for name in ("Coverage_Survey_2", "coverage_survey_2"):
        (project / "data" / "facts" / f"{name}.yaml").write_text(text, encoding="utf-8")
    renames = [line for line in run_build(project, "check").stderr.splitlines() if "rename it to" in line]
    assert len(renames) == 1 and renames[0].endswith("rename it to coverage-survey-2.yaml"), renames


def test_a_misnamed_fact_file_whose_fixed_name_is_taken_is_told_why_it_gets_no_name(project: Path) -> None:
    """Of three files wanting one name, the second and third were told only that their names were
    wrong, with no name and no reason: each now names the file that has, or is to take, that name."""
    text = (project / FACT).read_text(encoding="utf-8")
    for name in ("Coverage_Survey_2", "coverage_survey_2", "COVERAGE-SURVEY-2"):
        (project / "data" / "facts" / f"{name}.yaml").write_text(text, encoding="utf-8")
    lines = [line for line in run_build(project, "check").stderr.splitlines() if "coverage-survey-2.yaml" in line]
    assert len(lines) == 3, lines
    assert sum(line.endswith("rename it to coverage-survey-2.yaml") for line in lines) == 1, lines
    told = [line for line in lines if not line.endswith("rename it to coverage-survey-2.yaml")]
    assert all(": coverage-survey-2.yaml would do, but data/facts/" in line and "that name, so choose another" in line
               for line in told), told


def test_a_misnamed_fact_file_is_not_told_to_take_a_redirected_facts_name(project: Path) -> None:
    """Survey_2030.yaml was told "rename it to survey-2030.yaml", but data/redirects.yaml sends
    facts/survey-2030/ on, so the editor who followed the advice got another error."""
    text = (project / FACT).read_text(encoding="utf-8")
    (project / "data" / "facts" / "Survey_2030.yaml").write_text(text, encoding="utf-8")
    lines = [line for line in run_build(project, "check").stderr.splitlines() if "Survey_2030" in line]
    assert lines == ["data/facts/Survey_2030.yaml:1:1: file name 'Survey_2030' must be lowercase letters, digits "
                     "and single hyphens (it is the fact's id): survey-2030.yaml would do, but data/redirects.yaml "
                     "sends the address of a fact of that name on, so choose another"], lines


def git(root: Path, *args: str) -> str:
    """Run git in a scratch project, as an editor's commits would, and return what it prints."""
    identity = ["-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", "-C", str(root), *identity, *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def add_redirects(project: Path, entries: str) -> None:
    """Add entries to the project's data/redirects.yaml, as an editor would below the others."""
    redirects = project / "data/redirects.yaml"
    redirects.write_text(redirects.read_text(encoding="utf-8") + entries, encoding="utf-8")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_published_page_whose_file_was_renamed_or_deleted_gets_a_warning_until_it_is_redirected(
        project: Path) -> None:
    """A deleted file's warning is given at the end of data/redirects.yaml, where its entry goes: it was
    given at the deleted file's first line, a file an editor could not open and which a pull request's
    check could not show beside any line."""
    facts = project / "data/facts"
    extra = (facts / "homes-total.yaml").read_text(encoding="utf-8").replace("value: 2000000", "value: 1900000")
    for name, day in (("old-figure", 2), ("spare", 3)):  # days of the source's month: no warning of their own
        (facts / f"{name}.yaml").write_text(extra.replace("as_of: 2030", f"as_of: 2030-01-0{day}"), encoding="utf-8")
    (project / "content/method.md").write_text("---\ntitle: Method\ndescription: How.\n---\nHow it is done.\n",
                                               encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Published")
    git(project, "mv", "data/facts/old-figure.yaml", "data/facts/new-figure.yaml")
    git(project, "rm", "-q", "content/method.md", "content/expo-2030.md")  # the second, an event's summary
    git(project, "commit", "-q", "-m", "Renamed and deleted")
    moved, when = git(project, "log", "-1", "--format=%h %as").split()
    (facts / "spare.yaml").unlink()  # not yet committed
    how = "(see EDITING.md, \"When a page moves\")"

    code, lines = check(project)
    assert code == 0
    end = len((project / "data/redirects.yaml").read_text(encoding="utf-8").splitlines())  # its last entry's end
    assert lines == [
        f"data/facts/new-figure.yaml:1:1: warning: this file was data/facts/old-figure.yaml until commit {moved} "
        f"({when}), so its old page, facts/old-figure/, is built no more and links to it lead nowhere: add to "
        f"data/redirects.yaml '- from: facts/old-figure/' with 'to: facts/new-figure/' below it {how}",
        f"data/redirects.yaml:{end}:1: warning: content/method.md was deleted in commit {moved} ({when}), so its "
        "page, method/, is built no more and links to it lead nowhere: add at the end of data/redirects.yaml "
        f"'- from: method/' with 'to:' the page that holds its content now below it {how}",
        f"data/redirects.yaml:{end}:1: warning: data/facts/spare.yaml was deleted (not yet committed), so its page, "
        "facts/spare/, is built no more and links to it lead nowhere: add at the end of data/redirects.yaml "
        f"'- from: facts/spare/' with 'to:' the page that holds its content now below it {how}"]
    assert all((project / line.split(":", 1)[0]).is_file() for line in lines), "each names a file there to open"
    assert check(project, "--strict")[0] == 1

    add_redirects(project, "- from: facts/old-figure/\n  to: facts/new-figure/\n- from: facts/spare/\n"
                           "  to: facts/homes-total/\n- from: method/\n  to: about/\n")
    assert check(project, "--strict") == (0, [])


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_deleted_pages_warning_in_a_project_without_redirects_says_to_make_the_file(project: Path) -> None:
    """A project with no data/redirects.yaml yet (a new one): a deleted page's warning asked to add its
    entry "at the end of data/redirects.yaml", a file that was not there, and a renamed one's to add it
    "to data/redirects.yaml". Both now say the file is new."""
    (project / "content/method.md").write_text("---\ntitle: Method\ndescription: How.\n---\nHow it is done.\n",
                                               encoding="utf-8")
    facts = project / "data/facts"
    (facts / "old-figure.yaml").write_text((facts / "homes-total.yaml").read_text(encoding="utf-8").replace(
        "value: 2000000", "value: 1900000").replace("as_of: 2030", "as_of: 2030-01-02"), encoding="utf-8")
    (project / "data/redirects.yaml").unlink()
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Published")
    git(project, "rm", "-q", "content/method.md")
    git(project, "mv", "data/facts/old-figure.yaml", "data/facts/new-figure.yaml")
    git(project, "commit", "-q", "-m", "Deleted and renamed")
    code, lines = check(project)
    assert code == 0 and len(lines) == 2, lines
    assert lines[0].startswith("data/facts/new-figure.yaml:1:1: warning: this file was data/facts/old-figure.yaml "), lines
    assert ("links to it lead nowhere: add to data/redirects.yaml (a new file) '- from: facts/old-figure/' with "
            "'to: facts/new-figure/' below it") in lines[0], lines
    assert lines[1].startswith("data/redirects.yaml:1:1: warning: content/method.md was deleted in commit "), lines
    assert ("links to it lead nowhere: add to data/redirects.yaml (a new file) '- from: method/' with 'to:' the page "
            "that holds its content now below it") in lines[1], lines
    (project / "data/redirects.yaml").write_text("- from: method/\n  to: about/\n- from: facts/old-figure/\n"
                                                 "  to: facts/new-figure/\n", encoding="utf-8")
    assert check(project, "--strict") == (0, [])


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("how", ["git mv", "mv"])
def test_a_fact_renamed_and_not_yet_committed_gets_the_redirect_to_its_new_page(project: Path, how: str) -> None:
    """What an editors' audit found: a fact file renamed in the working tree, with git mv or by hand, was
    called deleted, and the redirect to add was left "to: the page that holds its content now", though
    that page was the renamed file's."""
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Published")
    old, new = project / "data/facts/homes-total.yaml", project / "data/facts/homes-total-2030.yaml"
    if how == "git mv":
        git(project, "mv", str(old), str(new))
    else:
        old.rename(new)
    replace(project, "data/facts/homes-covered.yaml", "[coverage-survey, homes-total]",
            "[coverage-survey, homes-total-2030]")
    code, lines = check(project)
    assert code == 0
    assert lines == [
        "data/facts/homes-total-2030.yaml:1:1: warning: this file was data/facts/homes-total.yaml (renamed, not yet "
        "committed), so its old page, facts/homes-total/, is built no more and links to it lead nowhere: add to "
        "data/redirects.yaml '- from: facts/homes-total/' with 'to: facts/homes-total-2030/' below it (see "
        "EDITING.md, \"When a page moves\")"], lines


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_reference_to_a_renamed_fact_names_its_new_id_before_the_redirect_is_added(project: Path) -> None:
    """What an editor's walkthrough found: after git mv of a published fact file, each reference to its
    old id was told of the facts of the same name with other numbers, or asked whether it was deleted,
    though git's history, which the redirect warning reads, knew its new name."""
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Published")
    git(project, "mv", "data/facts/homes-total.yaml", "data/facts/homes-total-2030.yaml")
    summary = project / "content/expo-2030.md"
    summary.write_text(summary.read_text(encoding="utf-8") + "\nThere are [[homes-total]] homes.\n", encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    renamed = "it was renamed 'homes-total-2030' (its file is now data/facts/homes-total-2030.yaml)"
    assert [line for line in lines if "no fact 'homes-total'" in line] == [
        f"content/expo-2030.md:14:11: no fact 'homes-total' in [[homes-total]]: {renamed}: write [[homes-total-2030]]",
        f"data/facts/homes-covered.yaml:11:29: no fact 'homes-total': {renamed}: write homes-total-2030"], lines


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("committed", [False, True])
def test_a_reference_to_a_deleted_fact_says_its_file_was_deleted(project: Path, committed: bool) -> None:
    """What an editor's walkthrough found: after git rm of a published fact file, each reference to it
    asked whether it was deleted or renamed, though git's history, which the redirect warning reads,
    knew it was deleted."""
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Published")
    git(project, "rm", "-q", "data/facts/homes-total.yaml")
    when = "and not yet committed"
    if committed:
        git(project, "commit", "-q", "-m", "Deleted")
        commit = git(project, "log", "-1", "--format=%h %cs").split()
        when = f"in commit {commit[0]} ({commit[1]})"
    code, lines = check(project)
    assert code == 1
    assert [line for line in lines if "no fact 'homes-total'" in line] == [
        f"data/facts/homes-covered.yaml:11:29: no fact 'homes-total': its file, data/facts/homes-total.yaml, was "
        f"deleted {when}: take the reference out, name the fact that holds its figure now, or restore the file"], lines


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_metric_renamed_or_a_speaker_removed_gets_a_warning_until_its_pages_are_redirected(project: Path) -> None:
    """What an editors' audit found: renaming a metric's id (its facts following) took its page and its
    chart's page off the site without a word, as did removing a speaker: the check read the history of
    fact and page files only, not the ids of the shared files. Now as for a renamed fact file."""
    people = project / "data/people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "spare-person:\n  name: Spare Person\n  role: Adviser\n",
                      encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Published")
    replace(project, "data/metrics.yaml", "coverage:\n", "coverage-share:\n")
    for fact in ("coverage-survey", "coverage-claim"):
        replace(project, f"data/facts/{fact}.yaml", "metric: coverage\n", "metric: coverage-share\n")
    replace(project, "data/people.yaml", "spare-person:\n  name: Spare Person\n  role: Adviser\n", "")
    how = "(see EDITING.md, \"When a page moves\")"
    renamed = ("data/metrics.yaml:1:1: warning: metric 'coverage' was renamed 'coverage-share' {when}, so its pages, "
               "metrics/coverage/ and charts/metric-coverage/, are built no more and links to them lead nowhere: add "
               "to data/redirects.yaml '- from: metrics/coverage/' with 'to: metrics/coverage-share/' below it and "
               "'- from: charts/metric-coverage/' with 'to: charts/metric-coverage-share/' below it " + how)
    removed = ("data/people.yaml:1:1: warning: speaker 'spare-person' was removed from this file {when}, so its page, "
               "people/spare-person/, is built no more and links to it lead nowhere: add to data/redirects.yaml "
               "'- from: people/spare-person/' with 'to:' the page that holds its content now below it " + how)
    code, lines = check(project)
    assert (code, lines) == (0, [renamed.format(when="(not yet committed)"), removed.format(when="(not yet committed)")])
    git(project, "commit", "-q", "-am", "Renamed and removed")
    commit, day = git(project, "log", "-1", "--format=%h %as").split()
    when = f"in commit {commit} ({day})"
    assert check(project) == (0, [renamed.format(when=when), removed.format(when=when)])
    add_redirects(project, "- from: metrics/coverage/\n  to: metrics/coverage-share/\n- from: charts/metric-coverage/\n"
                           "  to: charts/metric-coverage-share/\n- from: people/spare-person/\n  to: people/\n")
    assert check(project, "--strict") == (0, [])


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_history_of_ids_is_read_in_a_repositorys_subfolder_whatever_the_editors_git_settings(
        tmp_path: Path) -> None:
    """What a review found: with the project in a subfolder of its repository, or an editor's git set to
    write diffs without a/ and b/, the check stopped with an internal error; a key left in the first
    column in one commit and indented in the next was taken for a record's id, removed, for ever after."""
    repo = tmp_path / "repo"
    project = make_project(repo / "site")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Published")
    replace(project, "data/people.yaml", "  role: Minister of Examples", "role: Minister of Examples")
    git(repo, "commit", "-q", "-am", "A slip")
    replace(project, "data/people.yaml", "role: Minister of Examples", "  role: Minister of Examples")
    git(repo, "commit", "-q", "-am", "Mended")
    replace(project, "data/metrics.yaml", "coverage:\n", "coverage-share:\n")
    for fact in ("coverage-survey", "coverage-claim"):
        replace(project, f"data/facts/{fact}.yaml", "metric: coverage\n", "metric: coverage-share\n")
    settings = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "diff.noprefix", "GIT_CONFIG_VALUE_0": "true"}
    result = run_build(project, "check", env=settings)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert len(warned) == 1 and warned[0].startswith("data/metrics.yaml:1:1: warning: metric 'coverage' was renamed "
                                                     "'coverage-share' (not yet committed)"), warned


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_history_git_is_too_slow_to_read_is_told_once_not_dropped_in_silence(
        project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A code audit: git given too long to answer (GIT_SECONDS) left the feed's and charts' dates out
    with nothing said, so the same inputs built other pages on a slower machine."""
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Published")
    assert history.file_history(project)[1], "a quick git: the days each file was added"
    monkeypatch.setattr(history, "GIT_SECONDS", 1e-6)
    history._slow_git.cache_clear()
    with caplog.at_level(logging.WARNING, logger="bakuclaims.history"):
        assert history.file_history(project) == ([], {})
        history.gone_ids(project, {}, {})
    told = [r.getMessage() for r in caplog.records if "git's history was not read" in r.getMessage()]
    assert len(told) == 1 and "the feed dates facts by their data" in told[0], told
    with caplog.at_level(logging.WARNING, logger="bakuclaims.history"):
        history.file_history(project)  # the next build of a long preview
    assert len([r for r in caplog.records if "git's history was not read" in r.getMessage()]) == 2


def branch_of_published(tmp_path: Path, branch: str) -> Path:
    """A clone, on a new branch, of a project whose main branch holds it all, as an editor's pull
    request starts from the published site."""
    published = make_project(tmp_path / "published")
    git(published, "init", "-q", "-b", "main")
    git(published, "add", ".")
    git(published, "commit", "-q", "-m", "Published")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(published), str(clone)], check=True, capture_output=True)
    git(clone, "checkout", "-q", "-b", branch)
    return clone


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_page_added_and_removed_on_a_branch_not_yet_merged_needs_no_redirect(tmp_path: Path) -> None:
    """What a review found: an id mistyped in one commit of a pull request and mended in the next was
    warned of as a page taken off the site, and under the strict check of a pull request needed a
    redirect for a page never published. Only what the published branch held counts."""
    clone = branch_of_published(tmp_path, "new-speaker")
    people = clone / "data/people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "ada-lovelce:\n  name: Ada Lovelace\n  role: Adviser\n",
                      encoding="utf-8")
    (clone / "data/facts/spare.yaml").write_text((clone / FACT).read_text(encoding="utf-8")
                                                 .replace("value: 61.5", "value: 60.5"), encoding="utf-8")
    git(clone, "add", ".")
    git(clone, "commit", "-q", "-m", "A new speaker and a fact")
    replace(clone, "data/people.yaml", "ada-lovelce:", "ada-lovelace:")
    (clone / "data/facts/spare.yaml").unlink()
    git(clone, "commit", "-q", "-am", "Mended")
    assert check(clone, "--strict") == (0, [])
    git(clone, "checkout", "-q", "main")  # merged, as GitHub merges a pull request: the run on main stays green
    git(clone, "merge", "-q", "--no-ff", "-m", "Merge the new speaker", "new-speaker")
    git(clone, "update-ref", "refs/remotes/origin/main", "HEAD")  # pushed: main is the published branch again
    assert check(clone, "--strict") == (0, []), "what the branch added and removed was never on main"
    replace(clone, "data/people.yaml", "ada-example:", "ada-sample:")  # a published speaker: its page goes
    replace(clone, "data/facts/coverage-claim.yaml", "speaker: ada-example", "speaker: ada-sample")
    code, lines = check(clone)
    assert code == 0 and len(lines) == 1 and "speaker 'ada-example' was renamed 'ada-sample'" in lines[0], lines


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_fact_renamed_on_a_branch_before_it_was_published_is_traced_to_its_new_id(tmp_path: Path) -> None:
    """What an editors' audit found: a fact added in one commit of a pull request and renamed in the next
    left each reference to its first id asking 'was it deleted or renamed?', though git had seen the
    rename: the history of unpublished files was set aside whole, being no page to redirect. Its new id
    is now named, on the branch and on the pull request's merge as CI checks it, and no redirect asked."""
    clone = branch_of_published(tmp_path, "new-figure")
    (clone / "data/facts/homes-2031.yaml").write_text((clone / "data/facts/homes-total.yaml").read_text(
        encoding="utf-8").replace("value: 2000000", "value: 2100000"), encoding="utf-8")
    replace(clone, "content/expo-2030.md", "See [the method]", "There are [[homes-2031]] homes. See [the method]")
    git(clone, "add", ".")
    git(clone, "commit", "-q", "-m", "A new figure")
    git(clone, "mv", "data/facts/homes-2031.yaml", "data/facts/homes-total-2031.yaml")
    renamed = ("content/expo-2030.md:12:54: no fact 'homes-2031' in [[homes-2031]]: it was renamed 'homes-total-2031' "
               "(its file is now data/facts/homes-total-2031.yaml): write [[homes-total-2031]]")
    assert check(clone) == (1, [renamed]), "renamed, not yet committed"
    git(clone, "commit", "-q", "-m", "Renamed")
    assert check(clone) == (1, [renamed]), "renamed in a commit of the branch"
    git(clone, "checkout", "-q", "--detach", "main")  # the pull request's merge, as CI checks it out
    git(clone, "merge", "-q", "--no-ff", "-m", "Merge the new figure", "new-figure")
    assert check(clone) == (1, [renamed]), "the merge shows the file added under its new name only"


def test_a_heading_that_skips_a_level_is_flagged_in_a_summary(project: Path) -> None:
    """'#### ' under '## ' (or a first heading of '### ') built without a word: screen-reader users, who
    move through a page by its headings, met a gap in its outline."""
    page = "content/expo-2030.md"
    replace(project, page, "## Why they differ", "#### Why they differ")
    result = run_build(project, "check")
    assert result.returncode == 0, "a warning: the page still reads"
    assert result.stderr.splitlines()[0] == (
        f"{page}:10:1: warning: heading '#### ' skips a level: it is the summary's first, under the summary's "
        "title, so screen-reader users, who move from heading to heading, would look for a '## ' above it; "
        "write '## ' here")
    assert run_build(project, "check", "--strict").returncode == 1
    replace(project, page, "#### Why they differ", "## Why they differ\n\n#### In detail\n")
    assert run_build(project, "check").stderr.splitlines()[0] == (
        f"{page}:12:1: warning: heading '#### ' skips a level: the heading above it, on line 10, is '## ', so "
        "screen-reader users, who move from heading to heading, would look for a '### ' between them; write "
        "'### ' here")
    replace(project, page, "#### In detail\n", "### In detail\n\n#### Method\n\n## Next\n\n```\n#### code\n```\n")
    assert "skips a level" not in run_build(project, "check").stderr, "one level down at a time, or back up"
    replace(project, page, "## Why they differ", "### Why they differ")
    assert "warning: heading '### ' skips a level: it is the summary's first" in run_build(project, "check").stderr, \
        "a summary's '## ' is shown an h3, under its title, an h2: its '### ' an h4"
    about = project / "content/about.md"  # a page of its own: its first heading is under its title, an h1
    about.write_text(about.read_text(encoding="utf-8") + "\n### Method\n\nHow.\n", encoding="utf-8")
    assert "warning: heading '### ' skips a level: it is the page's first, under the page's title" in run_build(
        project, "check").stderr


def test_a_heading_that_skips_a_level_is_flagged_in_a_facts_notes(project: Path) -> None:
    """A fact's notes are shown under their section's heading, 'Notes' (an h2), their '## ' as an h3:
    a '### ' first, which was an h3 there before the notes' headings were moved a level down, is now
    an h4 with no h3 above it, and was built without a word."""
    survey = project / "data/facts/coverage-survey.yaml"
    survey.write_text(survey.read_text(encoding="utf-8") + "notes: |-\n  Counted by hand.\n\n"
                      "  ### Door to door\n\n  Every home.\n", encoding="utf-8")
    lines = run_build(project, "check").stderr.splitlines()
    assert ("data/facts/coverage-survey.yaml:14:3: warning: heading '### ' skips a level: it is the first in "
            "notes, which the page shows under its heading 'Notes', so screen-reader users, who move from heading "
            "to heading, would look for a '## ' above it; write '## ' here") in lines, lines
    survey.write_text(survey.read_text(encoding="utf-8").replace("### Door", "## Door"), encoding="utf-8")
    assert "skips a level" not in run_build(project, "check").stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_fact_file_renamed_or_moved_where_it_is_not_read_is_not_also_called_deleted(project: Path) -> None:
    """A fact file renamed 'Coverage Survey.yaml', or moved into a folder, got beside its own message a
    warning that its page was deleted and needed an entry in data/redirects.yaml: a fix the editor must
    not make, since putting the file back is the whole fix."""
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Published")
    facts = project / "data/facts"
    (facts / "coverage-survey.yaml").rename(facts / "Coverage Survey.yaml")
    code, lines = check(project)
    assert (code, lines) == (1, ["data/facts/Coverage Survey.yaml:1:1: file name 'Coverage Survey' must be lowercase "
                                 "letters, digits and single hyphens (it is the fact's id): rename it to "
                                 "coverage-survey.yaml"])
    (facts / "surveys").mkdir()
    (facts / "Coverage Survey.yaml").rename(facts / "surveys/coverage-survey.yaml")
    code, lines = check(project)
    assert code == 1 and "data/facts/surveys/coverage-survey.yaml:1:1: warning: this file is not read: a fact goes " \
                         "in data/facts/ itself, not in a folder below it or beside it" in lines
    assert not [line for line in lines if "was deleted" in line], lines


def test_a_reference_off_by_a_number_names_the_facts_of_that_name_without_choosing_one(project: Path) -> None:
    """What an editors' audit found: related: [a-survey-2030], where only a-survey-2029 exists, was asked
    'was it deleted or renamed?', of a fact that never was; no other year is offered as a slip (another
    year's figure is another figure), but the facts of that name are listed for the editor to choose."""
    survey = (project / FACT).read_text(encoding="utf-8").replace("value: 61.5", "value: 58.5")
    (project / "data/facts/coverage-survey-2029.yaml").write_text(survey, encoding="utf-8")
    replace(project, "data/facts/coverage-claim.yaml", "related: [coverage-survey]", "related: [coverage-survey-2030]")
    code, lines = check(project)
    assert code == 1
    assert "data/facts/coverage-claim.yaml:11:11: no fact 'coverage-survey-2030' (no file " \
           "data/facts/coverage-survey-2030.yaml); of the same name with other numbers there is " \
           "'coverage-survey-2029': check which figure is meant, or, if the fact was deleted or renamed, name the " \
           "one that holds it now" in lines, lines
    from bakuclaims.validate import _unknown_fact  # of many years, the three nearest the one asked for
    years = [f"population-{year}" for year in range(2019, 2025)]
    assert "there are 'population-2022', 'population-2023' and 'population-2024':" in _unknown_fact("population-2025",
                                                                                                     years)


def test_a_reference_to_a_fact_whose_file_is_not_read_says_where_the_file_is(project: Path) -> None:
    """With coverage-survey.yaml moved into a folder, or renamed .yaml.txt, each reference to it asked
    'was it deleted or renamed? Its file would be data/facts/coverage-survey.yaml', though the file was
    there to be seen; the fix is to move or rename it."""
    facts = project / "data/facts"
    (facts / "surveys").mkdir()
    (facts / "coverage-survey.yaml").rename(facts / "surveys/coverage-survey.yaml")
    code, lines = check(project)
    assert code == 1
    moved = [line for line in lines if "no fact 'coverage-survey'" in line]  # the page, a chart, a related:
    fix = "its file is in data/facts/surveys/, where facts are not read: move coverage-survey.yaml to data/facts/"
    assert len(moved) >= 2 and all(line.endswith(fix) for line in moved), moved
    assert "content/expo-2030.md:8:23: no fact 'coverage-survey' in [[coverage-survey]]: its file is in " \
           "data/facts/surveys/, where facts are not read: move coverage-survey.yaml to data/facts/" in lines
    # a redirect to its page was offered another fact's ("did you mean 'facts/coverage-claim/'?")
    assert "data/redirects.yaml:2:7: no page is built at 'facts/coverage-survey/': its file is in " \
           "data/facts/surveys/, where facts are not read: move coverage-survey.yaml to data/facts/" in lines
    (facts / "surveys/coverage-survey.yaml").rename(facts / "coverage-survey.yaml.txt")
    code, lines = check(project)
    assert "content/expo-2030.md:8:23: no fact 'coverage-survey' in [[coverage-survey]]: its file is named " \
           "coverage-survey.yaml.txt, which is not read: rename it to coverage-survey.yaml" in lines
    assert not [line for line in lines if "deleted or renamed" in line]


def test_a_link_check_reads_links_as_markdown_does_and_suggests_only_a_slip(project: Path) -> None:
    """A note's "[Update]: the office revised this figure." is a sentence to Markdown, which shows it
    as written; the link check read it as a link to 'the' and failed the build. And a link to another
    year's figure was offered a similar one ('/facts/egdi-rank-2023/': did you mean the 2024 one?),
    where an id is suggested only for a slip of the keys."""
    claim = project / "data/facts/coverage-claim.yaml"
    claim.write_text(claim.read_text(encoding="utf-8") + "notes: >-\n  [Update]: the office revised this figure.\n",
                     encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    page = project / "content/expo-2030.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the survey](/facts/coverage-survye/) and "
                    "[the 2031 one](/facts/coverage-survey-2031/).\n", encoding="utf-8")
    said = run_build(project, "check").stderr
    assert "the link to '/facts/coverage-survye/' leads nowhere: the site builds no page at that address; did you " \
           "mean '/facts/coverage-survey/'?" in said
    assert "the link to '/facts/coverage-survey-2031/' leads nowhere: the site builds no page at that address; " \
           "link to a page the site builds" in said


def test_a_link_defined_on_a_line_ending_in_crlf_is_checked(project: Path) -> None:
    """A page saved with Windows line ends (\\r\\n): Markdown reads '[plan]: /nowhere/' as a link's definition,
    with or without a title, and the page links to it, but the check took the line's \\r for more than a
    definition holds and passed links to pages the site does not build."""
    page = project / "content/expo-2030.md"
    text = page.read_text(encoding="utf-8") + ("\nSee [the plan][plan] and [the survey][survey].\n\n"
                                               "[plan]: /nowhere/\n[survey]: /facts/coverage-survye/ 'The survey'\n")
    page.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    line = text.split("\n").index("[plan]: /nowhere/") + 1
    code, lines = check(project)
    assert (code, lines) == (1, [f"content/expo-2030.md:{line}:9: the link to '/nowhere/' leads nowhere: the site "
                                 "builds no page at that address; link to a page the site builds, like "
                                 "/facts/<fact-id>/, or to another site's page with its https:// address",
                                 f"content/expo-2030.md:{line + 1}:11: the link to '/facts/coverage-survye/' leads "
                                 "nowhere: the site builds no page at that address; did you mean "
                                 "'/facts/coverage-survey/'?"])


def test_a_link_to_a_charts_embed_page_is_checked_for_its_chart(project: Path) -> None:
    """A link to /charts/<any id>/embed/ passed the check, whether or not the site draws that chart."""
    page = project / "content/expo-2030.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Embed](/charts/headline/embed/) and "
                    "[another](/charts/no-such-chart/embed/).\n", encoding="utf-8")
    said = run_build(project, "check").stderr
    assert "'/charts/headline/embed/'" not in said
    assert "the link to '/charts/no-such-chart/embed/' leads nowhere" in said


def test_a_period_in_words_typed_with_a_capital_is_told_it_sits_inside_sentences(project: Path) -> None:
    """as_of_words is shown inside sentences ('Example Statistics Office, end of 2030'); typed 'End of
    2030', a card read 'Example Statistics Office, End of 2030'. A first word that is lower case inside a
    sentence gets a warning with the fix; a month's name or a quarter does not."""
    replace(project, FACT, "as_of: 2030-01\n", "as_of: 2030-01\nas_of_words: Mid-2030\n")
    replace(project, "data/facts/homes-covered.yaml", "as_of: 2030\n", "as_of: 2030\nas_of_words: Q1 2030\n")
    replace(project, "data/facts/homes-total.yaml", "as_of: 2030\n", "as_of: 2030\nas_of_words: January 2030\n")
    code, lines = check(project)
    assert code == 0
    assert lines == [f"{FACT}:6:14: warning: 'Mid-2030' is shown inside sentences ('Example Statistics Office, "
                     "Mid-2030'): write 'mid-2030' (a page capitalises it where it begins a sentence)"]


def test_an_attribute_the_cleaner_removes_from_a_kept_tag_is_a_warning(project: Path) -> None:
    """<p style="…"> kept its paragraph and lost its style without a word (the page's security policy
    would refuse it too); an attribute of a tag that is kept, other than those kept with it (a link's
    address and title, a heading's id), is now named, where <iframe> or <div> already were."""
    about = project / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n<p style=\"color: red\">Red.</p> "
                     "<a href=\"https://example.org/\" title=\"Example\" target=_blank>Link</a>\n",
                     encoding="utf-8")
    code, lines = check(project)
    assert code == 0
    assert [line.split(": warning: ")[1].split(" is removed")[0] for line in lines] == [
        "<p>'s style=\"…\"", "<a>'s target=\"…\""]
    assert lines[0].startswith("content/about.md:7:4: ")


@pytest.mark.parametrize("typed, fix", [
    ("www.stats.example/coverage", "write https://www.stats.example/coverage"),
    ("stats.example/coverage", "write https://stats.example/coverage"),
    ("//stats.example/coverage", "write https://stats.example/coverage"),
    ("https//stats.example/coverage", "write https://stats.example/coverage"),
    ("https:/stats.example/coverage", "write https://stats.example/coverage"),
    ("http:\\\\stats.example\\coverage", "write http://stats.example/coverage"),
    ("<https://stats.example/coverage>", "write https://stats.example/coverage"),
    ("javascript:alert(1)", "copy the page's address from the browser's address bar"),
    ("coverage-report.pdf", "copy the page's address from the browser's address bar"),  # a file's name
    ("Coverage.XLSX", "copy the page's address from the browser's address bar"),
])
def test_an_address_typed_without_its_https_is_told_the_address_to_write(project: Path, typed: str,
                                                                          fix: str) -> None:
    """It was told only what an address must be ('an http:// or https:// address'), as if the editor could
    see what was missing; a summary's link without https:// already gets the address to write."""
    replace(project, "data/sources.yaml", "url: https://stats.example/coverage", f"url: '{typed}'")
    code, lines = check(project)
    assert code == 1
    assert lines == [f"data/sources.yaml:10:8: url: must be an http:// or https:// address, got '{typed}'; {fix}"]


def test_a_title_pasted_with_its_quotation_marks_is_refused_where_the_site_adds_its_own(project: Path) -> None:
    """A source's title is cited in quotation marks, and a chart's in its tables' captions: a headline pasted
    with its marks was shown in two pairs, ““Coverage survey””, on every page citing it. A headline that is
    itself a quote, printed in double marks, is told to keep them as single ones, which the site nests."""
    replace(project, "data/sources.yaml", "title: Coverage survey", "title: “Coverage survey”")
    replace(project, "data/charts.yaml", "title: The claim beside the survey",
            "title: '\"The claim beside the survey\"'")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        "data/charts.yaml:2:10: title is in quotation marks, and the site puts a chart's title in quotation marks "
        "itself, so readers would see two pairs: remove the marks at its start and end (a headline that is "
        "itself a quote keeps them as single marks, ‘…’)",
        "data/sources.yaml:8:10: title is in quotation marks, and the site puts a source's title in quotation marks "
        "itself, so readers would see two pairs: remove the marks at its start and end (a headline that is "
        "itself a quote keeps them as single marks, ‘…’)"]
    replace(project, "data/sources.yaml", "“Coverage survey”", "“Coverage” survey of “homes”")  # marks in it: fine
    replace(project, "data/charts.yaml", "'\"The claim beside the survey\"'", "‘The claim beside the survey’")
    assert check(project) == (0, []), "a headline that is a quote, in single marks, is shown nested: fine"
    replace(project, "data/charts.yaml", "‘The claim beside the survey’", "The claim beside the survey")
    assert check(project) == (0, [])


@pytest.mark.parametrize("typed", ["15 000 000", "15\u00a0000\u00a0000", "15\u202f000", "3 600 000.5"])
def test_a_figure_with_its_thousands_set_apart_by_spaces_is_a_typed_figure_too(project: Path, typed: str) -> None:
    """Russian- and Azerbaijani-language sources write 15 000 000, often with non-breaking spaces; pasted
    into a summary it passed the check, which knew digits in groups only by commas."""
    replace(project, "content/expo-2030.md", "The survey counts", f"Some {typed} homes in 2030 125 towns: the "
            "survey counts")
    result = run_build(project, "check")
    assert [line for line in result.stderr.splitlines() if "typed figure" in line] == [
        f"content/expo-2030.md:12:6: warning: typed figure '{' '.join(typed.split())}': {TYPED}"]


@pytest.mark.parametrize("typed", ["+994 12 598 00 00", "call 012 598 44 10", "codes 100 200 3"])
def test_a_phone_number_or_a_run_of_numbers_is_not_a_typed_figure(project: Path, typed: str) -> None:
    """Digits in groups of three set apart by spaces are a figure (15 000 000); in a phone number a
    source's notes give (+994 12 598 00 00) the groups run on into others, and '12 598' was warned of
    as a typed figure, which fails the strict check."""
    replace(project, "content/expo-2030.md", "The survey counts", f"The office ({typed}). The survey counts")
    result = run_build(project, "check", "--strict")
    assert result.returncode == 0 and "typed figure" not in result.stderr, result.stderr


def test_every_key_pasted_with_a_non_breaking_space_after_its_colon_is_named_at_once(project: Path) -> None:
    """Lines pasted from a word processor bring the space after each colon as a non-breaking one, which YAML
    does not take: the check named the first and stopped, so an editor in GitHub's web editor fixed one line
    per run of the check. A non-breaking space inside text is no mistake and stays."""
    for key in ("title", "value", "producer"):
        replace(project, FACT, f"{key}: ", f"{key}:\u00a0")
    replace(project, "content/expo-2030.md", "event: expo-2030\ndate:", "event:\u00a0expo-2030\ndate:\u00a0")
    replace(project, "data/sources.yaml", "title: Coverage survey", "title: Coverage\u00a0survey")
    code, lines = check(project)
    assert code == 1
    hard = ("YAML syntax error: a non-breaking space (pasted from a web page or a word processor?) follows '{}:', "
            "and YAML needs an ordinary space after the colon: retype the space")
    assert lines == [f"content/expo-2030.md:4:7: {hard.format('event')}",
                     f"content/expo-2030.md:5:6: {hard.format('date')}",
                     f"{FACT}:2:7: {hard.format('title')}",
                     f"{FACT}:4:7: {hard.format('value')}",
                     f"{FACT}:6:10: {hard.format('producer')}"]
    replace(project, FACT, "quote: 61.5% of homes", "quote: [61.5%] of homes")  # another kind of mistake: named too
    assert check(project)[1][2:] == [f"{FACT}:2:7: {hard.format('title')}",
                                     f"{FACT}:4:7: {hard.format('value')}",
                                     f"{FACT}:6:10: {hard.format('producer')}",
                                     f"{FACT}:9:16: YAML syntax error: text that starts with [ or {{ is read as a "
                                     "list or key: value pairs, and the words after its closing bracket do not fit: "
                                     "put the whole text in quotes, like title: \"[Draft] Coverage\""]


def test_a_name_typed_where_an_id_belongs_is_told_the_id_it_is_listed_under(project: Path) -> None:
    """'speaker: Samir Mammadov' was told the text 'written as an id', which is an id only when it happens to
    be the one the person is listed under: 'source: AzerNews' was told to write 'azernews', which no source
    is, and the next check said so."""
    claim = "data/facts/coverage-claim.yaml"
    replace(project, claim, "event: expo-2030", "event: Example Expo 2030")
    replace(project, claim, "source: example-news", "source: Example Statistics Office")
    replace(project, claim, "speaker: ada-example", "speaker: Minister Example")
    replace(project, claim, "metric: coverage", "metric: 'Coverage, share of homes'")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        f"{claim}:3:9: metric must be an id: 'Coverage, share of homes' is the name of the metric listed as "
        "'coverage' in data/metrics.yaml, so write metric: coverage",
        f"{claim}:5:10: speaker must be an id of lowercase letters, digits and single hyphens; got 'Minister "
        "Example', and no person in data/people.yaml has that name or id: write the id the person is listed "
        "under there (the word before the colon, like 'ada-example'), or add the person",
        f"{claim}:6:8: event must be an id: 'Example Expo 2030' is the name of the event listed as 'expo-2030' "
        "in data/events.yaml, so write event: expo-2030",
        f"{claim}:10:9: source must be an id: 'Example Statistics Office' is the publisher of the source listed "
        "as 'example-stats' in data/sources.yaml, so write source: example-stats"]
    replace(project, claim, "event: Example Expo 2030", "event: Expo 2030")  # its id written as one: as before
    assert f"{claim}:6:8: event must be an id of lowercase letters, digits and single hyphens, like " \
           "'gsma-m360-eurasia-2024'; got 'Expo 2030'; written as an id it is 'expo-2030'" in check(project)[1]


def test_a_quote_typed_in_quotation_marks_is_told_to_leave_them_out(project: Path) -> None:
    """A speaker's words pasted with their marks showed the marks inside the quote's block, where no other
    quote has them; a quote with a quote inside it keeps its inner marks."""
    claim = "data/facts/coverage-claim.yaml"
    replace(project, claim, "quote: eighty per cent of homes can connect", "quote: “eighty per cent of homes can connect”")
    replace(project, "data/facts/coverage-survey.yaml", "quote: 61.5% of homes", "quote: '\"61.5% of homes\"'")
    code, lines = check(project)
    assert code == 1
    told = ("quote is in quotation marks, and the page shows a quote as a block set apart, without them, as it "
            "shows every other: remove the marks at its start and end")
    assert lines == [f"{claim}:8:8: {told}", f"data/facts/coverage-survey.yaml:9:8: {told}"]
    replace(project, claim, "quote: “eighty per cent of homes can connect”",
            "quote: “eighty per cent” of homes can “connect”")
    replace(project, "data/facts/coverage-survey.yaml", "quote: '\"61.5% of homes\"'", "quote: 61.5% of homes")
    assert check(project)[0] == 0


def test_a_related_fact_named_by_its_title_is_told_its_id_and_an_id_is_shown_of_its_kind(project: Path) -> None:
    """'related:' given a fact's title was told the title 'written as an id', which no fact is, and every
    refused id was shown an event's id as its example ('gsma-m360-eurasia-2024' for a related fact)."""
    claim = "data/facts/coverage-claim.yaml"
    replace(project, claim, "related: [coverage-survey]",
            "related:\n  - Homes in Exampleland\n  - Homes that were never counted")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        f"{claim}:12:5: item 1 of related must be an id: 'Homes in Exampleland' is the title of the fact "
        "'homes-total' (data/facts/homes-total.yaml), so write 'homes-total' in its place",
        f"{claim}:13:5: item 2 of related must be an id of lowercase letters, digits and single hyphens; got "
        "'Homes that were never counted', and no fact in data/facts/ has that title or id: write a fact's id, "
        "the name of its file without .yaml, like 'coverage-survey'"]
    replace(project, claim, "  - Homes in Exampleland", "  - Homes_Total")  # its id written as one: as before
    assert f"{claim}:12:5: item 1 of related must be an id of lowercase letters, digits and single hyphens, " \
           "like 'digital-id-65-percent'; got 'Homes_Total'; written as an id it is 'homes-total'" in check(project)[1]


def test_a_name_that_is_one_sources_title_and_anothers_publisher_is_called_both(project: Path) -> None:
    """Where the name matches two sources by different fields, the message called it by the first field
    found: 'the title of 2 sources', of one whose publisher it is."""
    replace(project, "data/sources.yaml", "title: Minister gives a figure", "title: Example Statistics Office")
    replace(project, "data/facts/coverage-claim.yaml", "source: example-news", "source: Example Statistics Office")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/coverage-claim.yaml:10:9: source must be an id: 'Example Statistics Office' is the "
                     "publisher or title of 2 sources in data/sources.yaml: write the id of the one meant, "
                     "'example-news' or 'example-stats'"]


def test_a_year_in_quotes_where_a_day_is_needed_is_told_the_form_to_write_not_to_leave_out_a_time(
        project: Path) -> None:
    """said_on: '2030' (or "2030") was told that a date is written 'without a time', which it has not:
    the parser reads digits as seconds since 1970. It is told what a year alone is told."""
    replace(project, "data/facts/coverage-claim.yaml", "said_on: 2030-03-01", "said_on: '2030'")
    code, lines = check(project)
    assert code == 1
    assert lines == ["data/facts/coverage-claim.yaml:7:10: said_on must be a date written YYYY-MM-DD; got '2030'; "
                     "write 2030-MM-DD, with the month for MM and the day for DD"]


def test_a_number_where_a_day_is_needed_is_refused_not_read_as_seconds_since_1970(project: Path) -> None:
    """'said_on: 0' was read as 1 January 1970, and 'date: 86400' as the day after: the parser reads a
    number as seconds, and took any that fell on a midnight. Each is told the form to write."""
    replace(project, "content/expo-2030.md", "date: 2030-03-02", "date: 86400")
    replace(project, "data/facts/coverage-claim.yaml", "said_on: 2030-03-01", "said_on: 0")
    code, lines = check(project)
    assert code == 1
    assert lines == ["content/expo-2030.md:5:7: date must be a date written YYYY-MM-DD; got 86400",
                     "data/facts/coverage-claim.yaml:7:10: said_on must be a date written YYYY-MM-DD; got 0"]


def test_a_year_alone_where_a_day_is_needed_is_told_the_form_to_write(project: Path) -> None:
    """'date: 2030' was told only the form, YYYY-MM-DD, as a month in words already was not ('2030-03-DD')."""
    replace(project, "content/expo-2030.md", "date: 2030-03-02", "date: 2030")
    replace(project, "data/facts/coverage-claim.yaml", "said_on: 2030-03-01", "said_on: 2030")
    code, lines = check(project)
    assert code == 1
    assert lines == ["content/expo-2030.md:5:7: date must be a date written YYYY-MM-DD; got 2030; write "
                     "2030-MM-DD, with the month for MM and the day for DD",
                     "data/facts/coverage-claim.yaml:7:10: said_on must be a date written YYYY-MM-DD; got 2030; "
                     "write 2030-MM-DD, with the month for MM and the day for DD"]


def test_empty_quotes_where_an_empty_value_means_not_known_are_told_to_leave_nothing_after_the_colon(
        project: Path) -> None:
    """publisher: "" was told to remove the line if the key is optional, but a source must have the key:
    publisher: with nothing after it is how EDITING.md says the outlet was not recorded. A title, which
    cannot be left empty, keeps its message."""
    replace(project, "data/sources.yaml", "publisher: Example News", 'publisher: ""')
    replace(project, "data/sources.yaml", "publisher: Example Statistics Office\n  title: Coverage survey",
            "publisher: Example Statistics Office\n  title: ''")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        "data/sources.yaml:2:14: publisher must not be empty quotes: write the text after 'publisher:', or leave "
        "nothing after the colon (no quotes) if it is not known",
        "data/sources.yaml:8:10: title must not be empty: write the text after 'title:', or remove the line if "
        "the key is optional"]


def test_a_related_fact_named_by_its_title_is_told_its_id_when_that_fact_is_refused_too(project: Path) -> None:
    """A fact the schema refused (a mistake of its own) still has its title: a related item naming it by
    that title was told that no fact has that title, while the fact's file has it at its top."""
    claim = "data/facts/coverage-claim.yaml"
    replace(project, "data/facts/homes-total.yaml", "value: 2000000", "value: '2,000,000'")
    replace(project, claim, "related: [coverage-survey]", "related:\n  - coverage-survey\n  - Homes in Exampleland")
    code, lines = check(project)
    assert code == 1
    assert f"{claim}:13:5: item 2 of related must be an id: 'Homes in Exampleland' is the title of the fact " \
           "'homes-total' (data/facts/homes-total.yaml), so write 'homes-total' in its place" in lines, lines


def test_a_quote_of_a_quote_in_quotation_marks_or_with_one_mark_pasted_is_told_to_leave_them_out(project: Path) -> None:
    """A quote wholly in marks with a quote inside it (“He said “eighty” …”), and one pasted with only its
    opening mark, showed those marks inside the quote's block; marks around words inside it are left."""
    claim, survey = "data/facts/coverage-claim.yaml", "data/facts/coverage-survey.yaml"
    replace(project, claim, "quote: eighty per cent of homes can connect",
            "quote: “He said “eighty per cent” of homes can connect”")
    replace(project, survey, "quote: 61.5% of homes", "quote: “61.5% of homes")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        f"{claim}:8:8: quote is in quotation marks, and the page shows a quote as a block set apart, without them, "
        "as it shows every other: remove the marks at its start and end",
        f"{survey}:9:8: quote starts with a quotation mark and has no other (one of a pair pasted with it?), and "
        "the page shows a quote as a block set apart, without marks: remove it"]
    replace(project, claim, "quote: “He said “eighty per cent” of homes can connect”",
            "quote: “eighty per cent” of homes can “connect”")
    replace(project, survey, "quote: “61.5% of homes", "quote: 61.5% of “homes”")
    assert check(project)[0] == 0


def test_ids_in_a_shared_file_with_windows_line_endings_are_read_from_its_history() -> None:
    """What a review found: a shared file saved with Windows line endings had no ids in its history (the
    id line ended in a carriage return), so renaming one of its records went without a word."""
    from bakuclaims.history import _newest_ids
    log = ("@abc1234 2030-03-02\n\ndiff --git a/data/people.yaml b/data/people.yaml\n--- a/data/people.yaml\n"
           "+++ b/data/people.yaml\n@@ -1 +1 @@\n-ada-example:\r\n+ada-sample:\r\n"
           "@def5678 2030-03-01\n\ndiff --git a/data/people.yaml b/data/people.yaml\n--- /dev/null\n"
           "+++ b/data/people.yaml\n@@ -0,0 +1,3 @@\n+ada-example:\r\n+  name: Ada Example\r\n+name:\r\n")
    assert _newest_ids(log, {"data/people.yaml": {"name", "role"}}) == {
        ("data/people.yaml", "ada-example"): ("D", "abc1234", "2030-03-02", "ada-sample"),
        ("data/people.yaml", "ada-sample"): ("A", "abc1234", "2030-03-02", None)}


def test_a_year_before_a_currency_or_a_computer_is_no_typed_figure() -> None:
    """What a review found: with sums of money read as figures, "in constant 2015 dollars", "the 2006 manat
    redenomination", "in 2024 euros" and "a Windows 10 PC" were warned of, and under the strict check of a
    pull request each would have blocked it; "USD 300", the code before the sum, was missed. A second review:
    a sum shaped like a year ("a salary of 2000 manat") is a sum unless the words before make it a year."""
    from bakuclaims.validate import _typed_figures
    calm = ["in constant 2015 dollars", "the 2006 manat redenomination", "in 2024 euros", "a Windows 10 PC"]
    assert [text for text in calm if list(_typed_figures(text))] == []
    assert [figure for text in ("USD 300", "AZN 1.5 million", "95pc", "95 pc", "a salary of 2000 manat")
            for _, figure in _typed_figures(text)] == ["USD 300", "AZN 1.5 million", "95pc", "95 pc", "2000 manat"]


def test_a_key_missing_its_colon_is_named_on_its_own_line_with_the_fix(project: Path) -> None:
    """An editor's audit: 'kind claim' on a fact's first line, or 'name Ada Example' as a record's first
    field, was reported on the line below, told to put text in quotes or to move a correct key."""
    replace(project, FACT, "kind: context", "kind context")
    replace(project, "data/people.yaml", "  name: Ada Example", "  name Ada Example")
    code, lines = check(project)
    assert code == 1
    assert f"{FACT}:1:1: YAML syntax error: this line has no ':' after its key, so YAML reads it and the line " \
           "below as one text: write 'kind: context'" in lines, lines
    assert "data/people.yaml:2:3: YAML syntax error: this line has no ':' after its key, so YAML reads it and " \
           "the line below as one text: write 'name: Ada Example'" in lines, lines


def test_a_value_that_starts_with_a_fact_reference_is_told_to_go_in_quotes(project: Path) -> None:
    """An editor's audit: 'notes: [[homes-total]] is the total.' got "this line does not fit the lines
    above it", about columns and closing quotes, where '[Draft] …' got the fix: quotes."""
    replace(project, FACT, "title: Homes that can connect, survey", 'title: [[homes-total]] homes, "survey"')
    code, lines = check(project)
    assert code == 1
    assert f"{FACT}:2:8: YAML syntax error: text that starts with a fact reference, [[…]], is read as a list in " \
           "a list: put the whole text in quotes: title: '[[homes-total]] homes, \"survey\"'" in lines, lines


def test_a_unit_typed_after_a_reference_is_questioned(project: Path) -> None:
    """An editor's audit: '[[x]]%' showed 'nearly 100%%' and '[[x]] per cent' '65% per cent', with
    no word, where a qualifier typed before a reference is questioned."""
    page = project / "content" / "expo-2030.md"
    text = page.read_text(encoding="utf-8")
    ref = re.search(r"\[\[(coverage-survey)\]\]", text)
    assert ref, "the fixture's summary names the survey"
    page.write_text(text.replace(ref.group(0), ref.group(0) + " per cent", 1), encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 0
    assert any(line.endswith("warning: 'per cent' after [[coverage-survey]]: the reference puts in the fact's unit, "
                             "so readers would see '61.5% per cent'; take it out") for line in result.stderr.splitlines()), \
        result.stderr
    page.write_text(text.replace(ref.group(0), ref.group(0) + " of homes", 1), encoding="utf-8")
    assert "puts in the fact's unit" not in run_build(project, "check").stderr


def test_html_an_image_or_a_script_link_in_a_facts_notes_is_named_as_it_is_in_a_page(project: Path) -> None:
    """An editor's audit: in a fact's notes, an assessment or a chart's takeaway, <iframe>, an image and a
    javascript: link were removed from the page without a word, and --strict passed; in a page's
    Markdown each was a warning."""
    text = (project / FACT).read_text(encoding="utf-8")
    (project / FACT).write_text(text.rstrip("\n") + "\nnotes: >-\n  <iframe src=x></iframe> ![i](https://x.org/a.png) "
                                "[x](javascript:alert(1))\n", encoding="utf-8")
    line = len(text.rstrip("\n").split("\n")) + 2
    result = run_build(project, "check", "--strict")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    for col, words in ((3, "<iframe> is removed"), (27, "images are not shown"), (57, "a link that runs code")):
        assert any(entry.startswith(f"{FACT}:{line}:{col}: ") and words in entry for entry in lines), (col, lines)


def test_messages_an_editors_audit_found_wrong_say_what_is_wrong(project: Path) -> None:
    """'value: nan' was told to be written 'without quotes: nan'; 'title: !share' was 'cannot read
    '''; 'title: - Share' was told to put list items on their own lines, not to quote the text."""
    replace(project, FACT, "value: 61.5", "value: nan")
    code, lines = check(project)
    assert code == 1 and any(line.startswith(f"{FACT}:4:8: ") for line in lines), lines
    assert not any("without quotes" in line for line in lines), lines
    replace(project, "data/facts/homes-covered.yaml", "title: Homes that can connect, in number", "title: !share")
    replace(project, "data/facts/coverage-claim.yaml", "title: ", "title: - ")
    code, lines = check(project)
    assert any(line.startswith("data/facts/homes-covered.yaml:2:8: cannot read '!share': tags like") for line in lines), \
        lines
    assert any(line.startswith("data/facts/coverage-claim.yaml:") and "if it is text, put the whole text in quotes"
               in line for line in lines), lines
    from bakuclaims.validate import _a
    assert (_a("index"), _a("count")) == ("an index", "a count")
