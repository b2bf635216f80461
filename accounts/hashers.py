"""How passwords are stored: Argon2id (the Password Hashing Competition's winner, Django's recommended hasher) at the
minimum OWASP's Password Storage Cheat Sheet recommends (the first of its equal configurations): 19 MiB of memory,
2 passes, 1 lane. A deliberate trade: OWASP rates it as strong as PBKDF2 at 600,000 rounds, fewer than Django's
1,000,000, but being memory-hard it resists a GPU better, and it is what lets a deadline day's logins through.

Django's own Argon2 parameters (100 MiB, 8 lanes) and its PBKDF2 (1,000,000 rounds) each cost 100–230 ms of CPU per
login on our two-core deployment; on a deadline day 136 counties log in within minutes, and every login held a worker
for that long (issue 28). This one costs about 30 ms.
Passwords kept under an older hasher still verify, and are rehashed at the next login (``User.check_password``: the
password alone, its age and a temporary mark stay as they were). Until an account kept under PBKDF2 logs in once, a
failed login for it costs PBKDF2's time and one for an unknown name Argon2's: the difference tells that the name
exists. An account nobody uses is best given a temporary password (or ``PASSWORD_MAX_AGE_DAYS`` set).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    # The same algorithm and encoding as Django's: only the cost differs, and it is kept in each hash.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
