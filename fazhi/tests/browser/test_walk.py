"""Every menu page as every role, on a laptop (1366×768) and a phone (390×844): no code words
(snake_case or dotted identifiers), no template braces, no English UI words, no page wider than
the screen, no table laid out to stack on a phone (the audit and login logs) scrolling sideways,
no button or table cell narrower than two characters of its text.

The menu links are read from the rendered navigation, so a page added to the menu is walked
without a change here. Every page is photographed at both sizes into FAZHI_SCREENSHOT_DIR (a
temporary folder by default) for people to look at; CI keeps that folder as an artifact.
The Django admin (/admin/) is the superuser's emergency door, not a product page: not walked."""

import os
import re
import tempfile
from pathlib import Path

import pytest

from fazhi.conftest import make_user
from fazhi.ledger import registry
from fazhi.ledger.tests.factories import make_record
from fazhi.orgs.models import Level, OrgUnit, User
from fazhi.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

SIZES = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
# Names that are words of the trade in Chinese offices too.
ENGLISH_ALLOWED = {
    "API",
    "Excel",
    "PDF",
    "ID",
    "Word",
    "WPS",
    "IP",
    "URL",
    "OpenAPI",
    "JSON",
    "Bearer",
    "Authorization",
    "TOTP",
    "Ctrl",
    "HTTP",
    "HTTPS",
    "xlsx",
    "docx",
    "doc",
    "wps",
    "txt",
    "json",
    "csv",
    "zip",
}
ALLOWED_LOWER = {w.lower() for w in ENGLISH_ALLOWED}
# Chinese names for the personas: the navbar shows a user's name, and usernames are data.
NAMES = {
    "clerk_a": "王丽",
    "reviewer_a": "李强",
    "leader_a": "张伟",
    "clerk_b": "赵敏",
    "county": "陈静",
    "city": "孙敏",
    "sysadmin": "刘洋",
    "secadmin": "杨帆",
    "auditadmin": "周杰",
}

# One evaluation per page and size: what a reader sees, what overflows, what is squeezed.
INSPECT = """() => {
  // [translate=no] marks raw data shown as it was received (a browser's user agent).
  const skip = "code, pre, kbd, samp, script, style, noscript, template, .visually-hidden, [translate=no]";
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || !node.textContent.trim()) continue;
    if (!visible(parent)) continue;
    texts.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
    if (visible(el)) texts.push(el.placeholder);
  }
  const squeezed = [];
  for (const el of document.querySelectorAll("button, .btn, td, th")) {
    if (!visible(el) || el.closest(".dropdown-menu")) continue;
    const text = (el.innerText || "").trim();
    if (text.length < 2) continue;
    const s = getComputedStyle(el);
    const font = parseFloat(s.fontSize);
    const inner = el.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
      - parseFloat(s.borderLeftWidth) - parseFloat(s.borderRightWidth);
    if (inner < 2 * font - 1) squeezed.push(el.tagName.toLowerCase() + " “" + text.slice(0, 20) + "” " + Math.round(inner) + "px");
  }
  // A table laid out to stack on a phone (the logs) never scrolls sideways inside its box.
  const scrolled = [];
  for (const el of document.querySelectorAll("table.table-stack")) {
    const box = el.closest(".table-responsive") || el.parentElement;
    if (visible(el) && box.scrollWidth - box.clientWidth > 1) {
      scrolled.push((el.id || "table") + " " + (box.scrollWidth - box.clientWidth) + "px");
    }
  }
  return {
    texts,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    squeezed,
    scrolled,
  };
}"""

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
DOTTED = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+\b")
# Letters alone: codes that mix letters and digits (证件号 SFX0102, 编号 XZ007) are data.
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{2,}(?![A-Za-z0-9_])")
# An address shown as an address (/api/v1/openapi.json) is not a UI word.
PATH = re.compile(r"\S*/\S*")


def problems_of(found: dict, allowed: set[str]) -> list[str]:
    problems = []
    for text in found["texts"]:
        if "{{" in text or "{%" in text:
            problems.append(f"模板标记：{text[:60]}")
        words = PATH.sub(" ", text)
        for match in SNAKE.findall(words) + DOTTED.findall(words):
            if match.split(".")[-1] not in ALLOWED_LOWER and match not in allowed:
                problems.append(f"代码标识符“{match}”：{text[:60]}")
        for word in WORD.findall(words):
            if word.lower() not in ALLOWED_LOWER and word not in allowed:
                problems.append(f"英文“{word}”：{text[:60]}")
    if found["overflow"] > 1:
        problems.append(f"页面横向溢出 {found['overflow']}px")
    problems += [f"过窄：{s}" for s in found["squeezed"]]
    problems += [f"表格横向滚动：{s}" for s in found["scrolled"]]
    return problems


def shots_dir(tmp_path_factory) -> Path:
    folder = os.environ.get("FAZHI_SCREENSHOT_DIR")
    path = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="fazhi-walk-"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def menu_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav[aria-label='主菜单'] a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return [h for h in dict.fromkeys(hrefs) if h.startswith("/") and not h.startswith("/admin/")]


def first_detail_link(page, code: str) -> str | None:
    links = page.eval_on_selector_all(
        "#ledger-table tbody a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    pattern = re.compile(rf"^/l/{re.escape(code)}/\d+/$")
    return next((h for h in links if pattern.match(h)), None)


def test_it_walks_every_menu_page_as_every_role_on_a_laptop_and_a_phone(
    browser, live_server, transactional_db, world, tmp_path_factory
):
    # The county under a city whose supervisor reads it (read-only).
    city = OrgUnit.objects.create(code="TS", name="测试市", level=Level.CITY)
    old = world.county.path
    world.county.parent = city
    world.county.save()
    for below in OrgUnit.objects.filter(path__startswith=old).exclude(pk=world.county.pk):
        OrgUnit.objects.filter(pk=below.pk).update(path=world.county.path + below.path[len(old) :])
    for unit in (world.town_a, world.town_b, world.village_a, world.village_b, world.grid_a):
        unit.refresh_from_db()
    city_user = make_user("city", city, "city")
    for user in User.objects.all():
        user.full_name = NAMES.get(user.username, user.full_name)
        user.save(update_fields=["full_name"])
    for ledger in registry.all_ledgers():
        for org, author in ((world.town_a, world.clerk_a), (world.town_b, world.clerk_b)):
            make_record(ledger.model, org, author)
    allowed = set(User.objects.values_list("username", flat=True))
    folder = shots_dir(tmp_path_factory)
    personas = [
        world.clerk_a,
        world.reviewer_a,
        world.leader_a,
        world.county_user,
        city_user,
        world.sysadmin,
        world.secadmin,
        world.auditadmin,
    ]
    failures: dict[str, list[str]] = {}
    shots = 0

    def inspect(page, user, url):
        """The page at both sizes: its problems into `failures`, its pictures into the folder."""
        nonlocal shots
        for size_name, size in SIZES.items():
            page.set_viewport_size(size)
            if page.url.removeprefix(live_server.url) != url:
                page.goto(url)
            problems = problems_of(page.evaluate(INSPECT), allowed)
            name = f"{user.username}{url.replace('/', '_').rstrip('_') or '_home'}-{size_name}.jpg"
            page.screenshot(path=str(folder / name), full_page=True, type="jpeg", quality=60)
            shots += 1
            if problems:
                failures[f"{user.username} {url} {size['width']}×{size['height']}"] = problems[:10]
        page.set_viewport_size(SIZES["laptop"])

    def refused(user, response):
        if response.status >= 400:
            failures.setdefault(f"{user.username} 请求失败", []).append(f"{response.status} {response.url}")

    for user in personas:
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=SIZES["laptop"])
        context.set_default_timeout(15_000)
        # Every request the pages make (documents, static files, the icon, htmx) is answered.
        context.on("response", lambda r, user=user: refused(user, r))
        page = context.new_page()
        log_in(page, user)
        urls = menu_links(page)
        assert urls, f"{user.username} 没有菜单"
        details = []
        for url in urls:
            inspect(page, user, url)
            match = re.match(r"^/l/([a-z0-9-]+)/$", url)
            if match and user in (world.clerk_a, world.county_user, city_user) and len(details) < 6:
                link = first_detail_link(page, match.group(1))
                if link:
                    details.append(link)
        for url in details:
            inspect(page, user, url)
        context.close()
    report = "\n".join(f"{where}:\n  " + "\n  ".join(found) for where, found in failures.items())
    assert not failures, f"{len(failures)} 个页面有问题（截图在 {folder}）：\n{report}"
    assert shots > len(personas) * len(SIZES) * 3
