"""拟稿 → 审核 → 签发 → 印发: each step by a named person allowed to take it, kept in the bulletin's history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bulletins.chain import Stage, Step
from bulletins.models import BulletinStep, IssuedBulletin
from bulletins.services import (
    bulletin_check,
    bulletin_draft,
    bulletin_issue,
    bulletin_redraft,
    bulletin_send_back,
    bulletin_sign,
)
from bulletins.snapshot import previous_issued

from .conftest import REASON

ISSUED_ON = datetime.date(2023, 7, 8)


@pytest.fixture
def drafted(plan, coordinator, half_year):
    return bulletin_draft(
        plan=plan, month=6, recipients="各区市人力资源社会保障局", user=coordinator, completeness_reason=REASON
    )


def _post(client, name, bulletin, data=None):
    return client.post(reverse(name, args=[bulletin.pk]), {"version": bulletin.version, **(data or {})})


def test_the_chain_goes_from_draft_to_issue_through_the_pages_each_step_by_a_named_person(
    client, drafted, coordinator, checker, signer
):
    client.force_login(checker)
    page = client.get(reverse("bulletins:bulletin-detail", args=[drafted.pk])).content.decode()
    assert "拟稿" in page and "审核" in page
    assert _post(client, "bulletins:bulletin-check", drafted).status_code == 302
    drafted.refresh_from_db()
    assert drafted.status == Stage.CHECKED

    client.force_login(signer)
    assert _post(client, "bulletins:bulletin-sign", drafted).status_code == 302
    drafted.refresh_from_db()
    assert drafted.status == Stage.SIGNED

    client.force_login(coordinator)
    response = _post(
        client, "bulletins:bulletin-issue-step", drafted, {"number": "威人社字〔2023〕45号", "issued_on": "2023-07-08"}
    )
    assert response.status_code == 302
    drafted.refresh_from_db()
    assert (drafted.status, drafted.number, drafted.issued_by, drafted.issued_on) == (
        Stage.ISSUED,
        "威人社字〔2023〕45号",
        coordinator,
        ISSUED_ON,
    )
    steps = list(drafted.steps.values_list("step", "from_stage", "to_stage", "user__username"))
    assert steps == [
        (Step.DRAFT, "", Stage.DRAFT, "coordinator"),
        (Step.CHECK, Stage.DRAFT, Stage.CHECKED, "checker"),
        (Step.SIGN, Stage.CHECKED, Stage.SIGNED, "signer"),
        (Step.ISSUE, Stage.SIGNED, Stage.ISSUED, "coordinator"),
    ]
    page = client.get(reverse("bulletins:bulletin-detail", args=[drafted.pk])).content.decode()
    history = page[page.index('id="history-title"') :]
    for name in ("就业促进与失业保险科科长", "分管副局长"):  # the checker's and the signer's names, in its history
        assert name in history
    assert "已印发" in page


def test_a_signature_by_a_role_not_allowed_to_sign_is_refused(client, drafted, coordinator, checker, make_user):
    bulletin = bulletin_check(bulletin=drafted, user=checker, version=drafted.version)
    with pytest.raises(PermissionDenied):
        bulletin_sign(bulletin=bulletin, user=checker, version=bulletin.version)  # a checker, not a signer
    from accounts.roles import COORDINATOR

    other_coordinator = make_user("coordinator-2", COORDINATOR)
    client.force_login(other_coordinator)
    response = _post(client, "bulletins:bulletin-sign", bulletin)
    assert response.status_code == 403
    bulletin.refresh_from_db()
    assert bulletin.status == Stage.CHECKED and not bulletin.steps.filter(step=Step.SIGN).exists()


def test_the_drafter_may_not_check_or_sign_their_own_draft(drafted, coordinator, checker, signer, bulletin_roles):
    from bulletins.roles import BULLETIN_CHECKER, BULLETIN_SIGNER

    coordinator.groups.add(bulletin_roles[BULLETIN_CHECKER], bulletin_roles[BULLETIN_SIGNER])
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)  # forget the permissions read before
    with pytest.raises(PermissionDenied):
        bulletin_check(bulletin=drafted, user=coordinator, version=drafted.version)
    bulletin = bulletin_check(bulletin=drafted, user=checker, version=drafted.version)
    with pytest.raises(PermissionDenied):
        bulletin_sign(bulletin=bulletin, user=coordinator, version=bulletin.version)
    assert IssuedBulletin.objects.get().status == Stage.CHECKED


def test_the_checker_may_not_also_sign_what_they_checked(drafted, checker, signer, bulletin_roles):
    from bulletins.roles import BULLETIN_SIGNER

    checker.groups.add(bulletin_roles[BULLETIN_SIGNER])
    checker = type(checker).objects.get(pk=checker.pk)  # forget the permissions read before
    bulletin = bulletin_check(bulletin=drafted, user=checker, version=drafted.version)
    with pytest.raises(PermissionDenied):
        bulletin_sign(bulletin=bulletin, user=checker, version=bulletin.version)
    bulletin = bulletin_sign(bulletin=bulletin, user=signer, version=bulletin.version)
    assert bulletin.status == Stage.SIGNED


def test_only_a_signed_bulletin_is_issued(drafted, coordinator, checker):
    with pytest.raises(ValidationError) as error:
        bulletin_issue(
            bulletin=drafted,
            user=coordinator,
            version=drafted.version,
            number="威人社字〔2023〕45号",
            issued_on=ISSUED_ON,
        )
    assert error.value.code == "wrong_stage"
    bulletin = bulletin_check(bulletin=drafted, user=checker, version=drafted.version)
    with pytest.raises(ValidationError):
        bulletin_issue(
            bulletin=bulletin,
            user=coordinator,
            version=bulletin.version,
            number="威人社字〔2023〕45号",
            issued_on=ISSUED_ON,
        )
    bulletin.refresh_from_db()
    assert bulletin.status == Stage.CHECKED and bulletin.number is None and not bulletin.files.exists()


def test_a_send_back_needs_a_reason_and_goes_to_the_drafter_who_refreshes_it(
    client, drafted, coordinator, checker, signer
):
    bulletin = bulletin_check(bulletin=drafted, user=checker, version=drafted.version)
    with pytest.raises(ValidationError) as error:
        bulletin_send_back(bulletin=bulletin, user=signer, version=bulletin.version, reason="  ")
    assert error.value.code == "reason_missing"
    client.force_login(signer)
    response = _post(client, "bulletins:bulletin-send-back", bulletin, {"reason": ""})
    assert response.status_code == 200
    bulletin.refresh_from_db()
    assert bulletin.status == Stage.CHECKED

    bulletin = bulletin_send_back(bulletin=bulletin, user=signer, version=bulletin.version, reason="排名表有误，请核对")
    assert bulletin.status == Stage.RETURNED
    step = bulletin.steps.get(step=Step.SEND_BACK)
    assert (step.from_stage, step.to_stage, step.user, step.reason) == (
        Stage.CHECKED,
        Stage.RETURNED,
        signer,
        "排名表有误，请核对",
    )
    with pytest.raises(ValidationError):  # sent back: it is not checked again until the drafter hands it in
        bulletin_check(bulletin=bulletin, user=checker, version=bulletin.version)

    client.force_login(coordinator)
    page = client.get(reverse("bulletins:bulletin-detail", args=[bulletin.pk])).content.decode()
    assert "排名表有误，请核对" in page and "已退回" in page
    bulletin = bulletin_redraft(
        bulletin=bulletin,
        user=coordinator,
        version=bulletin.version,
        recipients="各区市人社局",
        completeness_reason=REASON,
    )
    assert (bulletin.status, bulletin.recipients) == (Stage.DRAFT, "各区市人社局")
    assert bulletin_check(bulletin=bulletin, user=checker, version=bulletin.version).status == Stage.CHECKED


def test_a_checker_sends_a_draft_back_but_a_signer_does_not_skip_the_check(drafted, checker, signer):
    with pytest.raises(PermissionDenied):
        bulletin_send_back(bulletin=drafted, user=signer, version=drafted.version, reason="x")
    with pytest.raises(ValidationError) as error:
        bulletin_sign(bulletin=drafted, user=signer, version=drafted.version)
    assert error.value.code == "wrong_stage"
    assert bulletin_send_back(bulletin=drafted, user=checker, version=drafted.version, reason="数据待核").status == (
        Stage.RETURNED
    )


def test_of_two_people_checking_at_once_one_wins_and_the_other_is_told(client, drafted, checker, make_user):
    from bulletins.roles import BULLETIN_CHECKER

    second = make_user("checker-2", BULLETIN_CHECKER)
    seen = drafted.version
    bulletin_check(bulletin=drafted, user=checker, version=seen)
    client.force_login(second)
    response = client.post(reverse("bulletins:bulletin-send-back", args=[drafted.pk]), {"version": seen, "reason": "x"})
    assert response.status_code == 200
    assert "刚刚有人处理了这份文件" in response.content.decode()
    assert BulletinStep.objects.filter(bulletin=drafted).count() == 2  # drafted, checked: the second did nothing


def test_a_refresh_freezes_the_numbers_of_now(drafted, coordinator, units, make_return):
    before, version = drafted.snapshot["completeness"]["missing"], drafted.version
    assert "RC" in [m["code"] for m in before]
    rc = make_return(units["RC"], 6, {"I1.2.2": 10})
    bulletin = bulletin_redraft(
        bulletin=drafted, user=coordinator, version=drafted.version, recipients="x", completeness_reason=REASON
    )
    codes = [m["code"] for m in bulletin.snapshot["completeness"]["missing"]]
    assert rc.unit.code not in codes and len(codes) == len(before) - 1
    assert bulletin.version == version + 1


def test_the_rank_change_looks_only_at_issued_bulletins(plan, coordinator, half_year, issue_through_chain):
    may_draft = bulletin_draft(plan=plan, month=5, recipients="x", user=coordinator, completeness_reason=REASON)
    assert previous_issued(year=2023, month=6) is None  # a draft of May is not a bulletin yet
    june = issue_through_chain(plan, 6)
    assert june.snapshot["previous"] is None
    assert may_draft.status == Stage.DRAFT


@pytest.mark.parametrize(
    ("who", "status"),
    [("checker", 200), ("signer", 200), ("staff", 404), ("viewer", 404)],
)
def test_checkers_and_signers_read_the_bulletins_on_their_way(request, client, drafted, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("bulletins:bulletin-detail", args=[drafted.pk])).status_code == status


def test_the_page_of_a_bulletin_on_its_way_reads_in_a_fixed_number_of_queries(
    client, drafted, checker, django_assert_num_queries
):
    bulletin_check(bulletin=drafted, user=checker, version=drafted.version)
    client.force_login(checker)
    url = reverse("bulletins:bulletin-detail", args=[drafted.pk])
    client.get(url)
    # the user (session and permissions are cached), the bulletin with its plan and people, the notification bell,
    # the bulletin's history with who took each step
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


def test_the_slower_of_two_steps_on_the_same_loaded_bulletin_is_refused_by_the_update_itself(
    drafted, checker, make_user
):
    from bulletins.roles import BULLETIN_CHECKER

    second = make_user("checker-2", BULLETIN_CHECKER)
    mine, theirs = IssuedBulletin.objects.get(pk=drafted.pk), IssuedBulletin.objects.get(pk=drafted.pk)
    bulletin_check(bulletin=mine, user=checker, version=mine.version)
    with pytest.raises(ValidationError) as error:  # loaded before the first check: its status and version are old
        bulletin_send_back(bulletin=theirs, user=second, version=theirs.version, reason="x")
    assert error.value.code == "stale"
    assert IssuedBulletin.objects.get(pk=drafted.pk).status == Stage.CHECKED
    assert not BulletinStep.objects.filter(step=Step.SEND_BACK).exists()


def test_the_archive_lists_issued_and_on_their_way_in_a_fixed_number_of_queries(
    client, plan, coordinator, half_year, issue_through_chain, django_assert_num_queries
):
    issue_through_chain(plan, 5, "威人社字〔2023〕40号")
    bulletin_draft(plan=plan, month=6, recipients="x", user=coordinator, completeness_reason=REASON)
    client.force_login(coordinator)
    url = reverse("bulletins:archive")
    client.get(url)
    # the user, the units in sight (may this person see the ranking?), every bulletin with its plan and people,
    # the notification bell
    with django_assert_num_queries(4):
        page = client.get(url).content.decode()
    assert "威人社字〔2023〕40号" in page and "拟稿（待审核）" in page


def test_the_draft_page_of_a_month_already_drafted_links_to_its_bulletin(client, drafted, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("bulletins:bulletin-draft"), {"year": 2023, "month": 6}).content.decode()
    assert "本月通报已存在（拟稿（待审核））" in page
    assert reverse("bulletins:bulletin-detail", args=[drafted.pk]) in page


def test_the_admin_shows_a_bulletin_and_its_history_read_only(client, drafted, make_user):
    from accounts.roles import PLAN_ADMIN

    admin = make_user("superuser", PLAN_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:bulletins_issuedbulletin_changelist")).status_code == 200
    page = client.get(reverse("admin:bulletins_issuedbulletin_change", args=[drafted.pk]))
    assert page.status_code == 200 and "拟稿" in page.content.decode()
    assert client.post(reverse("admin:bulletins_issuedbulletin_change", args=[drafted.pk]), {}).status_code == 403
