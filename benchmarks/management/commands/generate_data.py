import time

from django.core.management.base import BaseCommand, CommandError

from benchmarks.generator import SCALES, data_generate, vacuum_analyze


class Command(BaseCommand):
    help = (
        "Replace EVERY return in the database with generated data at city, province or nation scale "
        "(for benchmark databases only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="city")
        parser.add_argument("--years", type=int, default=1, help="plan years from 2023 (default 1)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
        parser.add_argument(
            "--replace", action="store_true", help="required when the database already holds returns: they go"
        )

    def handle(self, *args, scale, years, seed, replace, **options):
        from reports.models import MonthlyReturn

        if MonthlyReturn.objects.exists() and not replace:
            raise CommandError("The database already holds returns; add --replace to delete them all.")
        started = time.perf_counter()
        result = data_generate(scale=scale, years=years, seed=seed)
        vacuum_analyze()
        elapsed = time.perf_counter() - started
        statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(result.by_status.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"{scale}: {result.leaves:,} filing units ({result.units:,} in all), {len(result.plans)} year(s), "
                f"{result.returns:,} returns ({statuses}; {result.missing:,} missing), {result.figures:,} figures "
                f"in {elapsed:.1f} s"
            )
        )
