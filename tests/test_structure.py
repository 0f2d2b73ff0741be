"""The build code's structure holds (issue 15): small modules, one YAML loader for every data
file (file:line for each mistake, each file parsed once), tools apart from the tests, and no
front-matter field or setting that nothing reads. In-process, no build."""

from __future__ import annotations

import inspect
import re

import yaml

from hookkit import ROOT, hooks, load_all, page, problems

load_all()

HOOKS = ROOT / "overrides" / "hooks"


# -- no build module over about 400 lines --------------------------------------------------

MAX_LINES = 400  # split a module into cohesive parts before it grows past this


def test_no_build_module_is_over_about_400_lines():
    long = {
        p.name: n
        for p in sorted(HOOKS.glob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these into cohesive modules (loading, checks, rendering): {long}"


# -- one loader for every data file -------------------------------------------------------

# Parsing YAML anywhere but the one loader (common.py) would bring back files read twice and
# mistakes without a line. pages.py parses front matter (see its comment for why not MkDocs').
PARSE = re.compile(r"\byaml\.(?:load|safe_load|full_load|unsafe_load|compose)\(|\bparse_yaml\(")
ALLOWED = {"common.py", "pages.py"}


def test_data_files_are_parsed_only_by_the_one_loader():
    found = [
        f"overrides/hooks/{p.name}:{n}"
        for p in sorted(HOOKS.glob("*.py"))
        if p.name not in ALLOWED
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if PARSE.search(line) and not line.lstrip().startswith("#")
    ]
    assert not found, f"load data with common.load_yaml() or common.read_yaml(): {found}"


def test_each_version_of_a_data_file_is_parsed_once(tmp_path, monkeypatch):
    common = hooks.common
    path = tmp_path / "x.yml"
    path.write_text("a: 1\n", encoding="utf-8")
    calls = []
    real = common._read_yaml
    monkeypatch.setattr(common, "_read_yaml", lambda *a: calls.append(a) or real(*a))
    first, _ = common.read_yaml(path)
    first["a"] = 2  # each caller has its own copy
    assert common.read_yaml(path)[0] == {"a": 1} and common.load_yaml(path) == {"a": 1}
    assert len(calls) == 1


def test_a_figure_file_is_read_once_for_its_data_and_its_lines(monkeypatch):
    """The figure store, the study checks and the comparison all need a figure file's data
    and the line of each key: one read and one parse give both (common.yaml_lines)."""
    from pathlib import Path

    common = hooks.common
    reads: list[str] = []
    real_read = Path.read_text

    def read_text(self, *args, **kwargs):
        if "figures" in self.parts:
            reads.append(self.name)
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    common.new_build()
    monkeypatch.setattr(hooks.figstore, "_cache", {})
    references = common.load_yaml(ROOT / "data" / "references.yml")
    store = hooks.figstore.load_store(ROOT, set(references))
    cited = {key: ["help/faq.md"] for key in references}
    found = hooks.studies.sources(ROOT, references, store, cited)
    hooks.studies.check(ROOT, found, store, {}, references)
    hooks.decision_aid.load()
    files = sorted(p.name for p in (ROOT / "data" / "figures").glob("*.yml"))
    assert len(found) >= 5 and sorted(set(reads)) == files
    twice = sorted({name for name in reads if reads.count(name) > 1})
    assert not twice, f"read more than once: {twice}"


def _figure_file(tmp_path, body: str):
    folder = tmp_path / "data" / "figures"
    folder.mkdir(parents=True)
    (folder / "Anand2023.yml").write_text(body, encoding="utf-8")
    return hooks.figstore.load_store(tmp_path, {"Anand2023"})


FIGURE = """  {fid}:
    text: about 55 in 100
    measure: response after 3 weeks, ketamine group
    quote: "About 55 in 100 of the patients had a response."
    locator: Abstract, Results
    checked: 2026-12-04
"""


def test_a_figure_id_written_twice_in_one_file_is_reported_at_its_line(tmp_path):
    """Plain YAML keeps the second copy and drops the first without a word."""
    body = "figures:\n" + FIGURE.format(fid="x-1") + FIGURE.format(fid="x-1")
    store = _figure_file(tmp_path, body)
    messages = [f"{i.where}: {i.message}" for i in store.issues]
    assert any(
        m.startswith("data/figures/Anand2023.yml:8: 'x-1' is written twice") for m in messages
    ), messages


def test_a_figure_file_that_does_not_parse_names_its_line(tmp_path):
    store = _figure_file(tmp_path, "figures:\n  x-1:\n    text: [about 55\n    quote: x\n")
    [issue] = store.issues
    assert issue.where.startswith("data/figures/Anand2023.yml:") and issue.where[-1] != "1"
    assert "does not parse" in issue.message


def test_a_primary_hosts_file_that_does_not_parse_is_a_message_not_a_crash(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "primary-hosts.yml").write_text(
        "bodies:\n  NICE: [nice.org.uk\n  EMA: [ema.europa.eu]\n", encoding="utf-8"
    )
    hosts, copies, issues = hooks.registry_rules.load_hosts(tmp_path)
    assert hosts == set() and copies == set()
    [issue] = issues
    assert issue.where.startswith("data/primary-hosts.yml:") and "does not parse" in issue.message


def test_the_study_pending_list_names_the_line_where_it_does_not_parse(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "study-blocks-pending.yml").write_text(
        "# a comment\n# another\nsources:\n  - Anand2023\n  - Reif2023: [\n", encoding="utf-8"
    )
    _, [issue] = hooks.studies.load_pending(tmp_path)
    line = int(issue.where.rsplit(":", 1)[1])
    assert issue.where.startswith("data/study-blocks-pending.yml:") and line >= 5, issue


def test_the_study_pending_list_keeps_the_line_of_each_source(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "study-blocks-pending.yml").write_text(
        "# a comment\nsources:\n  - Anand2023\n  - Reif2023  # still missing\n", encoding="utf-8"
    )
    assert hooks.studies.load_pending(tmp_path) == ({"Anand2023": 3, "Reif2023": 4}, [])


def test_a_change_record_with_a_field_written_twice_is_reported(tmp_path):
    for folder in ("changes", "checks"):
        (tmp_path / "data" / folder).mkdir(parents=True)
    (tmp_path / "data" / "changes" / "2026-12-04-x.yml").write_text(
        "- date: 2026-12-04\n  page: help/faq.md\n  kind: correction\n"
        "  what: We said 9 in 10 people improve; the source says about 5 in 10.\n"
        "  why: The trial report gives 55%.\n  why: The trial report gives 5 in 10.\n",
        encoding="utf-8",
    )
    record = hooks.changelog.load(tmp_path, {"help/faq.md"})
    [issue] = record.issues
    assert f"{issue.where}: {issue.message}".startswith(
        "data/changes/2026-12-04-x.yml:6: 'why' is written twice"
    )
    assert len(record.changes) == 1 and record.changes[0][1] == "data/changes/2026-12-04-x.yml:1"


def test_one_problem_type_for_the_plain_logic():
    """The modules that return their problems share common.Issue (one shape, one place)."""
    found = [
        p.name
        for p in sorted(HOOKS.glob("*.py"))
        if p.name != "common.py"
        and re.search(r"^class Issue\b", p.read_text(encoding="utf-8"), re.M)
    ]
    assert not found, f"use common.Issue: {found}"


def test_front_matter_has_its_own_parse_for_the_reason_pages_py_states():
    """MkDocs' reader drops the whole front matter of a page with an impossible date (and
    leaves it in the body), so the editor could not be told which field is wrong; the hooks'
    loader keeps the date as text for the schema to name. If MkDocs' reader ever keeps it,
    this fails: then read front matter through MkDocs (mkdocs.utils.meta.get_data)."""
    from mkdocs.utils import meta

    text = "---\ntitle: A page\nlast_reviewed: 2026-13-40\n---\n# A page\n"
    body, data = meta.get_data(text)
    assert data == {} and body == text
    assert hooks.common.parse_yaml("title: A page\nlast_reviewed: 2026-13-40\n") == {
        "title": "A page",
        "last_reviewed": "2026-13-40",
    }
    with problems() as found:
        hooks.pages.validate_meta(page("about/disclaimer.md", text))
    assert "docs/about/disclaimer.md:3: front matter field 'last_reviewed'" in found.text


# -- tools apart from the tests -----------------------------------------------------------


def test_the_tests_folder_holds_tests_and_the_helpers_they_import():
    """Tools (benchmark, social card, browser finder, new page ...) live in tools/. A helper is
    imported by a test, or is a pytest plugin that conftest.py loads (`pytest_plugins`)."""
    tests = ROOT / "tests"
    code = {p.stem: p.read_text(encoding="utf-8") for p in tests.glob("*.py")}
    helpers = [name for name in code if not name.startswith("test_") and name != "conftest"]
    plugins = re.search(r"^pytest_plugins = \[(.*)\]$", code["conftest"], re.M)
    loaded = re.findall(r'"(\w+)"', plugins.group(1)) if plugins else []
    unused = [
        f"tests/{name}.py"
        for name in helpers
        if name not in loaded
        and not any(
            re.search(rf"^\s*(?:from {name} import|import {name}\b)", text, re.M)
            for other, text in code.items()
            if other != name
        )
    ]
    assert not unused, f"no test imports these: move a tool to tools/, or delete it: {unused}"
    # A helper the tests import is still a tool if it is also run on its own (printed.py,
    # readability.py were): tools/ is on the tests' path (pytest.ini), so it lives there.
    commands = [
        f"tests/{name}.py"
        for name in helpers
        if re.search(r"^if __name__ == .__main__.:", code[name], re.M)
    ]
    assert not commands, f"these run as commands: move them to tools/: {commands}"


# -- no front-matter field or setting that nothing reads ----------------------------------

# Read by Material for MkDocs itself (its documented front matter and `extra` keys).
MATERIAL_FIELDS = {"title", "description", "hide", "search", "status"}
MATERIAL_EXTRA = {"generator", "status", "social", "analytics", "consent", "alternate"}


def _readers(exclude: str = "") -> str:
    files = [*HOOKS.glob("*.py"), *(ROOT / "overrides").rglob("*.html")]
    files += (ROOT / "docs" / "assets").rglob("*.js")
    return "\n".join(p.read_text(encoding="utf-8") for p in files).replace(exclude, "")


def test_every_front_matter_field_is_read_by_something():
    schema = hooks.pages.PageMeta
    text = _readers(exclude=inspect.getsource(schema))
    unread = [
        field
        for field in schema.model_fields
        if field not in MATERIAL_FIELDS and not re.search(rf"""["']{field}["']|\.{field}\b""", text)
    ]
    assert not unread, f"front-matter fields nothing reads: {unread}"


def test_every_extra_setting_is_read_by_something():
    class Env(yaml.SafeLoader):
        pass

    for prefix in ("!", "tag:yaml.org,2002:python/"):  # !ENV and pymdownx's slugify
        Env.add_multi_constructor(prefix, lambda loader, suffix, node: None)
    extra = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Env)["extra"]
    text = _readers()
    unread = [
        key
        for key in extra
        if key not in MATERIAL_EXTRA
        and not re.search(rf"""extra\.{key}\b|extra\[["']{key}["']\]|extra\.get\(["']{key}""", text)
    ]
    assert not unread, f"settings under extra: in mkdocs.yml that nothing reads: {unread}"


# -- one marker grammar: a known marker that nothing replaced fails -----------------------


def test_a_known_marker_that_nothing_replaced_fails_with_file_and_line():
    """The marker check passes these (kind and name are known), but no hook replaces them:
    one written without its spaces, and a chart inside a sentence. Readers would see nothing."""
    import test_transforms

    text = (ROOT / "docs/about/disclaimer.md").read_text(encoding="utf-8")
    n = text.count("\n")
    text += "\n<!--generated: all-sources-->\n\nThe chart <!-- chart: routes-chart --> inline.\n"
    out, reported = test_transforms.render("about/disclaimer.md", text)
    assert "<!--generated: all-sources-->" in out and "<!-- chart: routes-chart -->" in out
    assert "all-sources" not in reported and "routes-chart" not in reported  # check() passes them
    with problems() as found:
        hooks.pages.on_page_content(out, page("about/disclaimer.md", text), None, None)
    where = "docs/about/disclaimer.md"
    assert (
        f"{where}:{n + 2}: the marker '<!--generated: all-sources-->' was not replaced"
        in found.text
    )
    assert f"{where}:{n + 4}: the marker '<!-- chart: routes-chart -->' was not replaced" in (
        found.text
    )
    assert "write it exactly as <!-- generated: all-sources -->, alone on its own line" in (
        found.text
    )
