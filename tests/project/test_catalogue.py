"""The project's catalogue adds to Django's own translations and never overrides them."""

import gettext
import re
from pathlib import Path

import django
from django.conf import settings
from django.urls import reverse

from actions.models import Indicator


def _link_texts(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<a\b[^>]*>(.*?)</a>", html, re.S)]


def test_the_admin_change_list_and_change_form_read_xiugai_not_bianhua(client, admin_user, plan):
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "修改" in _link_texts(index)
    assert "变化" not in _link_texts(index)

    changelist = client.get(reverse("admin:actions_indicator_changelist")).content.decode()
    assert "来修改" in changelist
    assert not any("变化" in text for text in _link_texts(changelist))

    indicator = Indicator.objects.filter(plan=plan).first()
    form = client.get(reverse("admin:actions_indicator_change", args=[indicator.pk])).content.decode()
    assert "修改" in re.search(r"<title>(.*?)</title>", form, re.S).group(1)
    assert "变化" not in form


def test_the_coordinators_month_on_month_change_still_reads_bianhua(client, coordinator, plan):
    client.force_login(coordinator)
    page = client.get(reverse("desks:desk")).content.decode()
    assert '<th scope="col" class="number">变化</th>' in page


# Words where our catalogue may say it differently from Django's without changing the meaning.
SAME_MEANING = {"Log out", "Page not found", "active", "English"}


def test_no_word_of_the_project_overrides_a_different_one_of_django():
    ours = gettext.GNUTranslations((settings.BASE_DIR / "locale/zh_Hans/LC_MESSAGES/django.mo").open("rb"))._catalog
    overridden = []
    for catalogue in Path(django.__file__).parent.glob("**/locale/zh_Hans/LC_MESSAGES/django.mo"):
        with catalogue.open("rb") as file:
            for msgid, msgstr in gettext.GNUTranslations(file)._catalog.items():
                if msgid and msgid in ours and ours[msgid] != msgstr and msgid not in SAME_MEANING:
                    overridden.append((msgid, msgstr, ours[msgid]))
    assert overridden == []  # give the project's own meaning a context (pgettext) instead


def _catalogue() -> dict:
    """Every Chinese translation a page can get: the project's, then Django's own."""
    with (settings.BASE_DIR / "locale/zh_Hans/LC_MESSAGES/django.mo").open("rb") as file:
        words = dict(gettext.GNUTranslations(file)._catalog)
    for catalogue in Path(django.__file__).parent.glob("**/locale/zh_Hans/LC_MESSAGES/django.mo"):
        with catalogue.open("rb") as file:
            for msgid, msgstr in gettext.GNUTranslations(file)._catalog.items():
                words.setdefault(msgid, msgstr)
    return words


TRANSLATE = re.compile(r'{%\s*translate\s+"((?:[^"\\]|\\.)*)"(?:\s+context\s+"([^"]*)")?')


def test_every_word_a_template_translates_has_its_chinese():
    words = _catalogue()
    untranslated = []
    for template in (settings.BASE_DIR / "templates").glob("**/*.html"):
        for match in TRANSLATE.finditer(template.read_text()):
            msgid, context = match.groups()
            if not words.get(f"{context}\x04{msgid}" if context else msgid):
                untranslated.append((template.name, msgid))
    assert untranslated == []


def test_a_label_in_a_template_is_followed_by_the_colon_of_its_language():
    # "主要目标: " is ASCII punctuation in Chinese text: the colon is translated with its label (：).
    ascii_colons = [
        template.name
        for template in (settings.BASE_DIR / "templates").glob("**/*.html")
        if re.search(r'{%\s*translate\s+"[^"]+"(?:\s+context\s+"[^"]+")?\s*%}:', template.read_text())
    ]
    assert ascii_colons == []


def test_the_plan_and_a_returns_reason_read_with_a_full_width_colon(client, staff_hc, plan):
    client.force_login(staff_hc)
    page = client.get(reverse("actions:plan-detail", args=[plan.year])).content.decode()
    assert "主要目标：</strong>" in page and "主要目标:" not in page
    desk = client.get(reverse("desks:desk")).content.decode()
    assert "没有草稿，也没有被退回的月报。" in desk and "No drafts" not in desk
