"""Passwords are kept under Argon2id at OWASP's cost; older hashes still log in and are upgraded, unchanged otherwise."""

import datetime

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.urls import reverse
from django.utils import timezone

from accounts.hashers import OwaspArgon2PasswordHasher
from accounts.models import User

PASSWORD = "Harbour-Lights-88"


@pytest.fixture
def production_hashers(settings):
    # The suite runs on MD5 for speed; these tests use the deployment's list (settings/base.py).
    from weihai_newcitizen.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    return settings


def test_the_deployment_keeps_new_passwords_under_argon2id_at_owasp_cost(production_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), OwaspArgon2PasswordHasher)


def test_a_pbkdf2_password_logs_in_and_is_rehashed_keeping_its_age_and_temporary_mark(
    client, staff_hc, production_hashers
):
    changed_at = timezone.now() - datetime.timedelta(days=30)
    User.objects.filter(pk=staff_hc.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"), must_change_password=True, password_changed_at=changed_at
    )
    response = client.post(reverse("login"), {"username": staff_hc.username, "password": PASSWORD})
    assert response.status_code == 302

    staff_hc.refresh_from_db()
    assert staff_hc.password.startswith("argon2$argon2id$")
    assert staff_hc.check_password(PASSWORD)
    # The same password: still temporary, still as old as it was.
    assert staff_hc.must_change_password
    assert staff_hc.password_changed_at == changed_at
    assert client.get(reverse("desks:desk"))["Location"] == reverse("password_change")


def test_a_wrong_password_against_an_old_hash_changes_nothing(client, staff_hc, production_hashers):
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=staff_hc.pk).update(password=old)
    response = client.post(reverse("login"), {"username": staff_hc.username, "password": "Not-The-Password-1"})
    assert response.status_code == 200
    staff_hc.refresh_from_db()
    assert staff_hc.password == old


def test_the_rehash_keeps_the_age_and_the_temporary_mark_on_the_person_in_hand(staff_hc, production_hashers):
    changed_at = timezone.now() - datetime.timedelta(days=30)
    User.objects.filter(pk=staff_hc.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"), must_change_password=True, password_changed_at=changed_at
    )
    person = User.objects.get(pk=staff_hc.pk)
    assert person.check_password(PASSWORD)
    assert person.password.startswith("argon2$argon2id$")
    # A later full save in the same request would otherwise write a fresh, lasting password's marks.
    assert person.must_change_password and person.password_changed_at == changed_at
