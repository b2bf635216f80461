"""The demo logins include a bulletin's checker (审核) and signer (签发), printed with the others."""

from django.core.management import call_command

from accounts.models import User
from demo.users import demo_users_load


def test_the_demo_has_a_checker_and_a_signer_who_may_only_take_their_own_step(plan):
    logins = dict(demo_users_load())
    assert "通报审核" in logins["checker"] and "通报签发" in logins["signer"]
    checker, signer = User.objects.get(username="checker"), User.objects.get(username="signer")
    assert checker.has_perm("bulletins.check_bulletin") and not checker.has_perm("bulletins.sign_bulletin")
    assert signer.has_perm("bulletins.sign_bulletin") and not signer.has_perm("bulletins.check_bulletin")
    assert not (checker.has_perm("bulletins.issue_bulletin") or signer.has_perm("bulletins.issue_bulletin"))


def test_load_demo_prints_the_checker_and_signer_logins(plan, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "checker" in out and "signer" in out
