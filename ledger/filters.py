"""What the ledger page is asked to show: one action, the measures of one department, the cells of one status."""

from dataclasses import dataclass

from actions.models import ResponsibleUnit
from reports.models import ProgressStatus

from .selectors import NOT_REPORTED, Ledger, LedgerRow


@dataclass
class LedgerFilters:
    action: int | None = None
    department: ResponsibleUnit | None = None
    status: str = ""

    @classmethod
    def from_params(cls, params) -> "LedgerFilters":
        """Unknown values are dropped, not refused: a filter link from an old page still opens the whole ledger."""
        action = params.get("action", "")
        code = params.get("department", "")
        status = params.get("status", "")
        return cls(
            action=int(action) if action.isascii() and action.isdigit() else None,
            department=ResponsibleUnit.objects.filter(code=code).first() if code else None,
            status=status if status in (*ProgressStatus.values, NOT_REPORTED, "overdue") else "",
        )

    def cell_matches(self, cell) -> bool:
        if not self.status:
            return True
        if self.status == "overdue":
            return cell.overdue
        return cell.status == self.status

    def rows(self, ledger: Ledger) -> list[LedgerRow]:
        rows = ledger.rows
        if self.action is not None:
            rows = [r for r in rows if r.measure.action.number == self.action]
        if self.department is not None:
            rows = [r for r in rows if any(n.unit_id == self.department.pk for n in r.measure.named)]
        if self.status:
            rows = [r for r in rows if any(self.cell_matches(c) for c in r.cells)]
        return rows

    def as_pairs(self) -> list[tuple[str, str]]:
        return [
            ("action", str(self.action) if self.action else ""),
            ("department", self.department.code if self.department else ""),
            ("status", self.status),
        ]
