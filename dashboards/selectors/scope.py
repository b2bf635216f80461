"""Who sees which units: the tree of units a person may see, and the part of it a page shows."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear
from districts.models import ReportingUnit
from reports.scoping import units_for_user
from weihai_newcitizen import clock


def default_month(plan: PlanYear, today: datetime.date | None = None) -> int:
    """The last month whose return is already due: the month people ask about by default."""
    today = today or clock.today()
    if today.year > plan.year:
        return 12
    if today.year < plan.year:
        return 1
    return max(1, today.month - 1)


class UnitTree:
    """The units a user may see, as a tree (county → city → province); today eight units under no parent."""

    def __init__(self, units: list[ReportingUnit]):
        self.units = units
        self.by_pk = {u.pk: u for u in units}
        self.by_code = {u.code: u for u in units}
        self._children: dict[int | None, list[ReportingUnit]] = {}
        for unit in units:
            parent = unit.parent_id if unit.parent_id in self.by_pk else None
            self._children.setdefault(parent, []).append(unit)

    def children(self, node: ReportingUnit | None) -> list[ReportingUnit]:
        return self._children.get(node.pk if node else None, [])

    def leaves(self, node: ReportingUnit | None = None) -> list[ReportingUnit]:
        """The filing units under ``node`` (itself when it has no children), in sort order."""
        stack, found = list(self.children(node)) if node is None else [node], []
        while stack:
            unit = stack.pop()
            kids = self.children(unit)
            if kids:
                stack.extend(kids)
            else:
                found.append(unit)
        return sorted(found, key=lambda u: (u.sort_order, u.code))

    def ancestors(self, node: ReportingUnit | None) -> list[ReportingUnit]:
        """From the top down to ``node``'s parent."""
        chain = []
        while node is not None and node.parent_id in self.by_pk:
            node = self.by_pk[node.parent_id]
            chain.append(node)
        return list(reversed(chain))


@dataclass
class Scope:
    """Which part of the tree a page shows: the whole city (node None) or one unit and those under it."""

    node: ReportingUnit | None
    units: list[ReportingUnit]
    tree: UnitTree
    city_wide: bool

    @property
    def levels_below(self) -> list[ReportingUnit]:
        return self.tree.children(self.node)

    @property
    def path(self) -> list[ReportingUnit]:
        return self.tree.ancestors(self.node)


def scope_for_user(*, user, code: str | None = None) -> Scope:
    """The units ``user`` may see at the level named by ``code``: 404 for a unit outside their sight.

    Coordinators, department viewers and admins start at the city; district staff only ever see their own unit.
    """
    visible = list(units_for_user(user))
    if not visible:
        raise PermissionDenied(_("Your account is not attached to a reporting unit."))
    tree = UnitTree(visible)
    city_wide = user.has_perm("reports.view_all_returns")
    if code:
        node = tree.by_code.get(code)
        if node is None:
            raise Http404(_("No such reporting unit."))
    elif city_wide:
        node = None
    else:
        node = tree.leaves()[0]
    return Scope(node=node, units=tree.leaves(node), tree=tree, city_wide=city_wide)
