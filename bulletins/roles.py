"""Who takes which step of a bulletin's chain: groups an admin puts people in (the user admin's "groups")."""

from accounts.roles import COORDINATOR, PLAN_ADMIN, roles_ensure

BULLETIN_CHECKER = "通报审核"
BULLETIN_SIGNER = "通报签发"

# Checkers and signers read every unit's figures, as the bulletin does; neither may draft or issue.
_READ = ["bulletins.view_issuedbulletin", "reports.view_all_returns", "reports.view_monthlyreturn"]
BULLETIN_PERMS = {
    COORDINATOR: ["bulletins.issue_bulletin", "bulletins.view_issuedbulletin"],
    PLAN_ADMIN: ["bulletins.view_issuedbulletin"],
    BULLETIN_CHECKER: ["bulletins.check_bulletin", *_READ],
    BULLETIN_SIGNER: ["bulletins.sign_bulletin", *_READ],
}


def bulletin_roles_ensure() -> dict:
    """The role groups with the bulletins' permissions, the checkers' and signers' groups among them."""
    return roles_ensure(extra=BULLETIN_PERMS)
