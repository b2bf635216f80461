"""The fields of a page's form as a browser would send them: what the deadline day's people post (no Locust here,
so that the parser can be used and tested without gevent patching the process)."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of the page's form with ``form_id`` (or its only post form) as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea = self._select = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") == "checkbox":
                # A carried-over note confirmed as still true (仍然属实): what a filer does before 报送.
                if name.startswith("confirm_") or "checked" in a:
                    self.fields[name] = a.get("value", "on")
            else:
                self.fields.setdefault(name, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
                self.fields.setdefault(self._select, self._first_option)
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields
