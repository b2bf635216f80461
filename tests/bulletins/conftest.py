"""The bulletins reuse the dashboards' fixtures: people in every role and returns made straight with the ORM."""

import pytest

from tests.dashboards.conftest import (  # noqa: F401
    coordinator,
    indicators,
    make_return,
    make_user,
    other_staff,
    plan_admin,
    staff,
    units,
    viewer,
)

REASON = "其余区市6月数据未审核，未纳入本期统计"


@pytest.fixture
def half_year(plan, units, make_return):  # noqa: F811 — the fixtures imported above, not redefinitions
    """环翠区 files 1,000 village posts a month and 文登区 345, January to June, all approved; 文登 once late."""
    returns = {}
    for month in range(1, 7):
        returns["HC", month] = make_return(units["HC"], month, {"I1.2.2": 1000, "I1.5.1": 2})
        returns["WD", month] = make_return(units["WD"], month, {"I1.2.2": 345, "I1.5.1": 1}, late=month == 4)
    return returns


@pytest.fixture
def bulletin_roles(db):
    from bulletins.roles import bulletin_roles_ensure

    return bulletin_roles_ensure()


@pytest.fixture
def checker(make_user, bulletin_roles):  # noqa: F811
    """The section chief who checks (审核) bulletins."""
    from bulletins.roles import BULLETIN_CHECKER

    return make_user("checker", BULLETIN_CHECKER, full_name="就业促进与失业保险科科长")


@pytest.fixture
def signer(make_user, bulletin_roles):  # noqa: F811
    """The bureau leader an admin allowed to sign (签发)."""
    from bulletins.roles import BULLETIN_SIGNER

    return make_user("signer", BULLETIN_SIGNER, full_name="分管副局长")


@pytest.fixture
def issue_through_chain(coordinator, checker, signer):  # noqa: F811
    """Draft, check, sign and issue a bulletin by the four people of the chain; returns it issued."""
    from bulletins.services import bulletin_check, bulletin_draft, bulletin_issue, bulletin_sign

    def issue(plan, month=6, number="威人社字〔2023〕45号", *, issued_on=None, reason=REASON, include_submitted=False):
        import datetime

        bulletin = bulletin_draft(
            plan=plan,
            month=month,
            recipients="各区市人力资源社会保障局",
            user=coordinator,
            completeness_reason=reason,
            include_submitted=include_submitted,
        )
        bulletin = bulletin_check(bulletin=bulletin, user=checker, version=bulletin.version)
        bulletin = bulletin_sign(bulletin=bulletin, user=signer, version=bulletin.version)
        return bulletin_issue(
            bulletin=bulletin,
            user=coordinator,
            version=bulletin.version,
            number=number,
            issued_on=issued_on or datetime.date(2023, 7, 8),
        )

    return issue
