"""Widgets render through Jinja2 from Django's own Jinja2 templates, with the markup the Django templates give."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test.html import parse_html

from weihai_newcitizen.form_renderer import WidgetRenderer


def test_the_project_renders_stock_widgets_through_jinja2_and_the_admins_through_django_templates():
    renderer = get_default_renderer()
    assert isinstance(renderer, WidgetRenderer)
    assert isinstance(renderer.get_template("django/forms/widgets/number.html"), Jinja2Template)
    assert isinstance(renderer.get_template("admin/widgets/foreign_key_raw_id.html"), DjangoTemplate)


class _ReturnLike(forms.Form):
    value = forms.DecimalField(label="本月", required=False, widget=forms.NumberInput(attrs={"step": "any"}))
    status = forms.ChoiceField(label="状态", choices=[("", "—"), ("on_track", "按序时推进"), ("done", "已完成")])
    note = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    confirm = forms.BooleanField(label="确认", required=False)


@pytest.mark.parametrize("name", ["value", "status", "note", "confirm"])
def test_each_widget_gives_the_same_markup_as_the_django_templates(name):
    data = {"value": "12.5", "status": "done", "note": "已开展招聘会 <3> 场 & “春风行动”", "confirm": "on"}
    fast, standard = _ReturnLike(data, renderer=WidgetRenderer()), _ReturnLike(data, renderer=DjangoTemplates())
    assert parse_html(str(fast[name])) == parse_html(str(standard[name]))
    assert str(fast[name]) != ""
