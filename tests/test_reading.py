"""Reading long pages, in a real Chromium at phone and laptop widths, light and dark:
body-size text in key points, the crisis box and tables; citation markers that are real
targets (WCAG 2.2, 2.5.8: at least 24 x 24 px) with a link back from each source; the
FAQ's list of its questions at the top."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
SIZES = [(360, 740), (1280, 900)]


def context_for(browser, width, height, scheme):
    return browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, bypass_csp=True
    )  # tooling is injected; CSP is tested in test_privacy.py


def watch_jumps(page) -> None:
    """Record each jump to a fragment (#id) the page makes from now on. The address itself
    does not keep the fragment: navigation.tracking soon rewrites it to the heading being
    read (on a phone, #source-4 becomes #sources), so waiting on location.hash can miss it."""
    page.evaluate("""() => { window.__jumps = [];
        addEventListener('hashchange', e => __jumps.push(new URL(e.newURL).hash)); }""")


def jumped_to(page, fragment: str) -> None:
    """Wait for the jump to `fragment` (its hashchange event), however late it is seen."""
    page.wait_for_function("h => __jumps.includes(h)", arg=fragment)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width,height", SIZES)
def test_key_points_crisis_box_and_tables_are_at_body_text_size(
    browser, server, width, height, scheme
):
    context = context_for(browser, width, height, scheme)
    page = context.new_page()
    page.goto(f"{server}/conditions/ptsd/")
    sizes = page.evaluate("""() => {
        const size = s => { const e = document.querySelector(s); return e && parseFloat(getComputedStyle(e).fontSize); };
        return {body: size('article > p'), key: size('.admonition.abstract li'),
                crisis: size('.admonition.danger p:not(.admonition-title)'),
                table: size('article table:not([class]) td')}; }""")
    context.close()
    assert sizes["body"] >= 16, sizes
    for what in ("key", "crisis", "table"):
        assert sizes[what] == sizes["body"], (
            f"{what} text is {sizes[what]} px, body text {sizes['body']} px"
        )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width,height", SIZES)
def test_citation_markers_are_24px_targets_and_each_source_links_back(
    browser, server, width, height, scheme
):
    context = context_for(browser, width, height, scheme)
    page = context.new_page()
    page.goto(f"{server}/conditions/ptsd/")
    boxes = page.eval_on_selector_all(
        "article sup.cite a",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    )
    assert len(boxes) > 10
    small = [b for b in boxes if b[0] < 24 or b[1] < 24]
    assert not small, f"{len(small)} citation markers are smaller than 24 x 24 px: {small[:5]}"
    # Every source is cited, and links back to each place it is cited.
    counts = page.evaluate("""() => [...document.querySelectorAll('ol.sources > li')].map(li => {
        const n = li.id.replace('source-', '');
        return [n, li.querySelectorAll('a.cite-back').length,
                document.querySelectorAll(`sup.cite a[href="#source-${n}"]`).length]; })""")
    assert counts and all(back == cited and back > 0 for _, back, cited in counts), counts
    # Follow a marker to its source and come back to the same marker.
    watch_jumps(page)
    marker = page.locator("article sup.cite a").nth(3)
    marker_id = marker.get_attribute("id")
    target = marker.get_attribute("href")
    marker.click()
    jumped_to(page, target)
    back = page.locator(f"{target} a.cite-back[href='#{marker_id}']")
    box = back.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, box
    back.click()
    jumped_to(page, f"#{marker_id}")
    top = page.locator(f"[id='{marker_id}']").bounding_box()["y"]
    header = page.locator(".md-header").bounding_box()["height"]
    assert header <= top <= height - 24, f"the marker is not in view after going back ({top} px)"
    context.close()


def test_faq_lists_every_question_at_the_top(browser, server):
    for width, height in SIZES:
        context = context_for(browser, width, height, "light")
        page = context.new_page()
        page.goto(f"{server}/help/faq/")
        questions = page.eval_on_selector_all(
            "article h2", "els => els.map(e => [e.id, e.textContent.replace(/¶$/, '').trim()])"
        )
        questions = [q for q in questions if q[1].endswith("?")]
        listed = page.eval_on_selector_all(
            "nav.question-list a",
            "els => els.map(e => [e.getAttribute('href').slice(1), e.textContent.trim()])",
        )
        assert len(questions) >= 10
        assert listed == questions, (
            "the FAQ's question list does not match its questions (docs/help/faq.md, top)"
        )
        nav = page.locator("nav.question-list").bounding_box()
        first = page.locator("article h2").first.bounding_box()
        assert nav["y"] < first["y"], "the question list is not above the first question"
        # One tap on a question in the list scrolls to its answer.
        link = page.locator("nav.question-list a").nth(5)
        watch_jumps(page)
        link.click()
        jumped_to(page, link.get_attribute("href"))
        y = page.locator(link.get_attribute("href").replace("#", "[id='") + "']").bounding_box()[
            "y"
        ]
        assert 0 <= y <= height / 2
        context.close()
