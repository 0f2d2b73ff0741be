"""The editor's loop is documented and works: fast loop, PORT/HOST, new pages, pinned
pre-commit whose hooks bring their own tools, one list of page kinds, registry first."""

from __future__ import annotations

import re
import sys
import typing
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
STYLE = (ROOT / "STYLE.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def pins(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s#;]+)", text, re.M)}


def test_readme_and_contributing_document_the_loop():
    for doc in (README, CONTRIBUTING):
        for needle in (
            "make test-fast",
            "PORT=8001",
            "HOST=0.0.0.0",
            "make new-page",
            "make hooks",
        ):
            assert needle in doc, needle
    for target in ("test-fast", "new-page", "hooks", "serve"):
        assert re.search(rf"^{target}:.*## ", MAKEFILE, re.M), target


def test_contributing_walks_a_change_in_an_order_that_keeps_the_preview_alive():
    steps = CONTRIBUTING[CONTRIBUTING.index("## Make a change, step by step") :]
    order = [
        steps.index(s)
        for s in (
            "make serve",
            "Find your sources in the registry first",
            "make new-page",
            "make test-fast",
            "make test`, then open",
        )
    ]
    assert order == sorted(order)
    assert CONTRIBUTING.index("make test-fast") < CONTRIBUTING.index(
        "## Front matter"
    )  # fast loop first


def test_kind_values_agree_everywhere():
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    import pages

    schema = set(typing.get_args(pages.PageMeta.model_fields["kind"].annotation))
    section = STYLE[STYLE.index("## Page kinds") :]
    section = section[: section.index("\n## ", 5)]
    style_table = set(re.findall(r"^\| `([a-z]+)` \|", section, re.M))
    assert style_table == schema
    for doc in (STYLE, CONTRIBUTING):
        comment = re.search(r"kind: condition +# (.+)", doc).group(1)
        assert set(re.findall(r"\b(condition|guide|reference|home)\b", comment)) == schema, comment


def test_pre_commit_is_pinned_with_hashes_and_its_hooks_bring_their_tools():
    dev_in = (ROOT / "requirements-dev.in").read_text()
    dev_txt = (ROOT / "requirements-dev.txt").read_text()
    assert pins(dev_in)["pre-commit"] == pins(dev_txt)["pre-commit"]
    block = dev_txt[dev_txt.index("pre-commit==") :].split("\n\n")[0]
    assert "--hash=sha256:" in block
    test_pins = pins((ROOT / "requirements-test.in").read_text())
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    for hook in hooks:
        assert ".venv/" not in hook["entry"], (
            f"{hook['id']} needs a tool pre-commit does not install"
        )
        if hook["language"] == "python":
            for dep in hook["additional_dependencies"]:
                name, version = dep.split("==")
                assert test_pins[name.lower()] == version, (
                    f"{hook['id']}: {dep} differs from requirements-test.in"
                )
        else:
            assert hook["entry"].startswith("make "), hook  # make sets up what it needs


def test_contributing_says_to_search_the_registry_before_adding_a_source():
    cite = CONTRIBUTING[CONTRIBUTING.index("## Cite a source") :]
    assert cite.index("Search the registry first") < cite.index("Add it to `data/references.yml`")
