"""Page checks: front matter schema, review dates, evidence badges and unsafe Markdown.

- Front matter is validated with pydantic (`PageMeta`); each error names the file, the
  line of the field and what is allowed.
- Review dates: the template shows "Page last reviewed / Next review due" from the
  front matter. A page past `next_review` shows readers a notice and the build prints a
  note, never a failure: the calendar alone must not block an urgent correction. The
  scheduled workflow `.github/workflows/review-calendar.yml` lists overdue pages in one
  issue (`tools/overdue.py`). An editor's own date mistakes (next review before the last,
  more than two years ahead, a review in the future) fail the build. `REVIEW_TODAY=YYYY-MM-DD`
  pretends the build runs on another day (used by the tests).
- Condition pages get their evidence level and regulatory status as badges under the H1.
- Raw HTML that could run code (`<script>`, `<iframe>`, `on...=` handlers, `javascript:`
  links) and images without alt text fail the build: in the page's Markdown (with the line)
  and again in the rendered HTML, which also holds includes and generated markup.
- Every marker comment (`<!-- kind: name -->`) must be one a hook registered (markers.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

import markers
from common import (
    EVIDENCE_LEVELS,
    FRONT_MATTER,
    STATUS_WORDS,
    Evidence,
    Status,
    field_line,
    front_matter_lines,
    line_of,
    long_date,
    parse_yaml,
    plain_errors,
    problem,
)

STATUS = tuple(STATUS_WORDS)
EVIDENCE = EVIDENCE_LEVELS
MAX_REVIEW_INTERVAL = dt.timedelta(days=731)  # two years, leap day included

# Not counted by strict mode: an overdue page is a note to editors, never a failure.
notice = logging.getLogger("editorial.review")
if not notice.handlers:
    _h = logging.StreamHandler(sys.stderr)
    _h.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    notice.addHandler(_h)
    notice.propagate = False


class PageMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3, max_length=80)
    description: str = Field(min_length=50, max_length=160)
    kind: Literal["home", "condition", "guide", "reference"]
    last_reviewed: dt.date
    next_review: dt.date
    evidence: Evidence | None = None
    evidence_form: str | None = Field(default=None, min_length=3, max_length=40)
    status: Status | None = None
    keywords: list[str] = []
    # Material for MkDocs' own front matter keys
    hide: list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]] = []
    search: dict | None = None

    @field_validator("last_reviewed", "next_review", mode="before")
    @classmethod
    def iso_date(cls, value: object) -> dt.date:
        if isinstance(value, dt.date):
            return value
        raise ValueError(f"'{value}' is not a date written as YYYY-MM-DD")

    @model_validator(mode="after")
    def consistent(self) -> PageMeta:
        # "field: message": the field names the line the editor is sent to.
        if self.next_review <= self.last_reviewed:
            raise ValueError("next_review: next_review must come after last_reviewed")
        if self.next_review - self.last_reviewed > MAX_REVIEW_INTERVAL:
            raise ValueError("next_review: next_review is more than two years after last_reviewed")
        if self.last_reviewed > today():
            raise ValueError("last_reviewed: last_reviewed is in the future")
        if self.kind == "condition" and (self.evidence is None or self.status is None):
            raise ValueError("kind: condition pages need both 'evidence' and 'status'")
        if self.evidence_form and self.kind != "condition":
            raise ValueError("evidence_form: only condition pages take evidence_form")
        if self.kind != "condition" and (self.evidence or self.status):
            raise ValueError(
                f"{'evidence' if self.evidence else 'status'}: only condition pages "
                "(kind: condition) take 'evidence' and 'status'"
            )
        return self


def rule_fix(field: str, meta: dict) -> str:
    """The fix for a rule that spans fields, with the dates worked out for the editor."""
    last = meta.get("last_reviewed")
    if field == "last_reviewed":
        return (
            f"set last_reviewed to the day a person checked the whole page against its "
            f"sources (today is {today()}), never a future date"
        )
    if field == "next_review" and isinstance(last, dt.date):
        latest = last + dt.timedelta(days=730)
        return f"set next_review to a date after {last} and no later than {latest}"
    if field == "kind":
        return (
            f"add 'evidence: ' ({', '.join(EVIDENCE)}) and 'status: ' ({', '.join(STATUS)}) "
            "to the front matter; see docs/about/evidence-levels.md"
        )
    return (
        "remove 'evidence', 'status' and 'evidence_form', or set kind: condition if this page "
        "is about one condition"
    )


FIXES = {
    "title": "a short title of 3 to 80 characters, the same as the page's H1",
    "description": "one sentence of 50 to 160 characters, used as the meta description in search results",
    "kind": "one of home, condition, guide, reference (see STYLE.md)",
    "last_reviewed": "the date a person checked the whole page, as YYYY-MM-DD",
    "next_review": "a date (YYYY-MM-DD) after last_reviewed and at most two years later",
    "evidence": f"one of {', '.join(EVIDENCE)} (see docs/about/evidence-levels.md)",
    "status": f"one of {', '.join(STATUS)} (see STYLE.md)",
    "evidence_form": "the form the level is for, as the page's text names it (3 to 40 characters)",
}

UNSAFE = [
    (
        re.compile(r"<\s*script\b", re.I),
        "a <script> element",
        "remove it: pages may not run their own scripts",
    ),
    (
        re.compile(r"<\s*iframe\b", re.I),
        "an <iframe> element",
        "remove it: embedded pages load third-party content; link to the page instead",
    ),
    (
        re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
        "an inline event handler (on...=)",
        "remove the attribute: pages may not run code",
    ),
    (
        re.compile(r"javascript\s*:", re.I),
        "a javascript: link",
        "link to a page or an https:// address instead",
    ),
    (
        re.compile(r"<\s*(object|embed|form)\b", re.I),
        "an <object>, <embed> or <form> element",
        "remove it: the guide collects nothing and embeds nothing",
    ),
]
# The same checks on rendered HTML, where text shown as code is already escaped (&lt;).
UNSAFE_HTML = [
    (re.compile(r"<script\b", re.I), UNSAFE[0][1], UNSAFE[0][2]),
    (re.compile(r"<iframe\b", re.I), UNSAFE[1][1], UNSAFE[1][2]),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), UNSAFE[2][1], UNSAFE[2][2]),
    (
        re.compile(r"""\b(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
        UNSAFE[3][1],
        UNSAFE[3][2],
    ),
    (re.compile(r"<(?:object|embed|form)\b", re.I), UNSAFE[4][1], UNSAFE[4][2]),
]
_flagged: dict[str, set[str]] = {}  # page -> what the Markdown scan already reported
_blamed: set[str] = set()  # include or data file lines already reported this build
IMAGE_NO_ALT = re.compile(r"!\[\s*\]\(")
HTML_IMG = re.compile(r"<img\b(?![^>]*\balt\s*=\s*\"[^\"]+\")[^>]*>", re.I)
H1 = re.compile(r"^# +(.+?)\s*#*\s*$", re.M)


def today() -> dt.date:
    forced = os.environ.get("REVIEW_TODAY")
    return dt.date.fromisoformat(forced) if forced else dt.date.today()


def validate_meta(page: Page) -> PageMeta | None:
    src = page.file.content_string
    path = f"docs/{page.file.src_uri}"
    if not src.startswith("---"):
        problem(
            f"{path}:1",
            "the page has no front matter",
            "start the file with a --- block holding title, description, kind, "
            "last_reviewed and next_review (copy .github/page-template.md)",
        )
        return None
    block = FRONT_MATTER.match(src)
    # Parsed with the hooks' own loader (common.Loader), which keeps an impossible date
    # as text for the schema to name; MkDocs' reader would drop the whole front matter.
    data, reason = None, "it is empty or not a list of 'field: value' lines"
    try:
        data = parse_yaml(block.group(1)) if block else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = f"it is not valid YAML ({getattr(exc, 'problem', exc)})"
        if mark:
            path = f"{path}:{mark.line + 2}"
    if not isinstance(data, dict) or not data:
        problem(
            path,
            f"the front matter could not be read: {reason}",
            "check the indentation, and put quotes around text that contains a colon",
        )
        return None
    try:
        return PageMeta.model_validate(data)
    except ValidationError as exc:
        for field, msg in plain_errors(exc):
            fix = FIXES.get(field, "check the front matter against STYLE.md")
            what = f"front matter field '{field}' {msg}"
            if not field:  # a rule across fields: "field: message" (see PageMeta.consistent)
                field, _, msg = msg.partition(": ")
                fix, what = rule_fix(field, data), f"front matter: {msg}"
            line = field_line(src, field) if field in FIXES else None
            if line is None and msg == "is not a field this file allows (a typo?)":
                line = field_line(src, field)
                near = [f for f in PageMeta.model_fields if f[:3] == field[:3]]
                fix = (
                    (f"did you mean '{near[0]}'? " if near else "")
                    + f"the allowed fields are {', '.join([*FIXES, 'keywords', 'hide', 'search', 'print'])}"
                )
            problem(f"{path}:{line or 1}", what, fix)
        return None


def check_markdown(markdown: str, page: Page, offset: int) -> None:
    path = f"docs/{page.file.src_uri}"
    # Code blocks may show examples of what is not allowed.
    scan = re.sub(
        r"```.*?```|`[^`\n]*`", lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown, flags=re.S
    )
    _flagged[path] = set()
    for pattern, what, fix in UNSAFE:
        for m in pattern.finditer(scan):
            _flagged[path].add(what)
            problem(f"{path}:{line_of(scan, m.start(), offset)}", f"unsafe HTML: {what}", fix)
    for m in IMAGE_NO_ALT.finditer(scan):
        problem(
            f"{path}:{line_of(scan, m.start(), offset)}",
            "an image has no alt text",
            "describe the picture inside the brackets: ![What the picture shows](file.svg)",
        )
    for m in HTML_IMG.finditer(scan):
        problem(
            f"{path}:{line_of(scan, m.start(), offset)}",
            "an <img> has no alt text",
            'add alt="what the picture shows", or use Markdown: ![description](file.svg)',
        )


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    offset = front_matter_lines(page.file.content_string)
    check_markdown(markdown, page, offset)
    markers.check(markdown, f"docs/{page.file.src_uri}", offset)
    meta = validate_meta(page)
    if meta is None:
        return markdown
    path = f"docs/{page.file.src_uri}"

    h1 = H1.search(markdown)
    if not h1:
        problem(
            f"{path}:{offset + 1}",
            "the page has no H1 heading",
            f"start the body with '# {meta.title}'",
        )
    elif h1.group(1).strip() != meta.title.strip():
        problem(
            f"{path}:{line_of(markdown, h1.start(), offset)}",
            f"the H1 '{h1.group(1).strip()}' differs from the title '{meta.title}'",
            "make the H1 and the front matter title the same",
        )

    overdue = (today() - meta.next_review).days
    page.meta["review"] = {
        "last": meta.last_reviewed,
        "next": meta.next_review,
        "overdue_days": max(overdue, 0),
        "last_text": long_date(meta.last_reviewed),
        "next_text": long_date(meta.next_review),
    }
    if overdue > 0:
        notice.warning(
            "%s: past its review date (%s) by %d days; readers see a notice, and the "
            "scheduled review-calendar workflow lists the page in one issue.",
            path,
            meta.next_review,
            overdue,
        )

    if meta.kind == "condition" and h1 and meta.status:
        levels = files.get_file_from_path("about/evidence-levels.md")
        href = levels.url_relative_to(page.file) if levels else "#"
        form = meta.evidence_form or ""
        if form and form.lower() not in " ".join(markdown.split()).lower():
            problem(
                f"{path}:{offset}",
                f"evidence_form '{form}' is not named in the page's text",
                "name the form the level is for in the text, in the same words, or fix the field",
            )
        badge = (
            f'\n<p class="badges">'
            f'<a class="badge evidence-{meta.evidence}" href="{href}#{meta.evidence}">'
            f"Evidence: {meta.evidence}{f' ({form})' if form else ''}</a> "
            f'<a class="badge status-{meta.status}" href="{href}#regulatory-status">'
            f"{STATUS_WORDS[meta.status]}</a></p>\n"
        )
        markdown = markdown[: h1.end()] + "\n" + badge + markdown[h1.end() :]
    return markdown


def origin_of(pattern: re.Pattern) -> str | None:
    """The include or data file (and line) an unsafe fragment came from, if one holds it."""
    from common import DATA, INCLUDES, ROOT

    for folder in (INCLUDES, DATA):
        for f in sorted(folder.rglob("*")):
            if f.suffix in (".md", ".yml", ".yaml", ".html") and f.is_file():
                text = f.read_text(encoding="utf-8")
                m = pattern.search(text)
                if m:
                    return f"{f.relative_to(ROOT).as_posix()}:{line_of(text, m.start())}"
    return None


def check_html(html: str, path: str) -> None:
    """Unsafe HTML in the rendered page: includes, data cells and generated markup too."""
    for pattern, what, fix in UNSAFE_HTML:
        if what in _flagged.get(path, set()) or not pattern.search(html):
            continue  # already reported with its line by the Markdown scan
        origin = origin_of(pattern)
        if origin in _blamed:
            continue  # the same include line, already reported for another page
        if origin:
            _blamed.add(origin)
        problem(
            f"{origin} (shown on {path})" if origin else path,
            f"unsafe HTML in the rendered page: {what}",
            fix,
        )


def on_pre_build(config: MkDocsConfig, **kwargs: object) -> None:
    _flagged.clear()
    _blamed.clear()


WRAPPER = re.compile(r"\A\s*<html>\s*<head>\s*</head>\s*<body>|</body>\s*</html>\s*\Z")
TASK = re.compile(
    r'<label class="task-list-control"><input type="checkbox" disabled(?:="[^"]*")?\s*/?>'
    r'(<span class="task-list-indicator"></span>)</label>(.*?)</li>',
    re.S,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_page_content(
    html: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    """Backstop on the rendered HTML, for anything the Markdown scan could not see."""
    path = f"docs/{page.file.src_uri}"
    # mkdocs-glightbox 0.5.3 re-serialises some pages as whole documents; keep the fragment.
    html = WRAPPER.sub("", html)
    # Checklists: each box is labelled by its own text (WCAG 4.1.2) and can be ticked on
    # screen; nothing is stored or sent, and a printed copy shows empty boxes.
    html = TASK.sub(
        r'<label class="task-list-control"><input type="checkbox">\1\2</label></li>', html
    )
    # The lightbox's script and styles (about 70 KB) load only on pages with a picture.
    if "<img" not in html:
        page.meta["glightbox"] = False
    check_html(html, path)
    markers.leftovers(html, page.file.content_string, path)
    for m in HTML_IMG.finditer(html):
        if 'alt=""' in m.group(0) and 'role="presentation"' in m.group(0):
            continue
        problem(
            path,
            f"a rendered image has no alt text: {m.group(0)[:80]}",
            "give every image a description: ![What the picture shows](file.svg)",
        )
    return html
