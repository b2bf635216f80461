"""The benchmark's verdict: every target it states is judged, and a missed one fails the command."""

import io
from types import SimpleNamespace

from benchmarks.management.commands.benchmark import Command


def _results(*, import_values_per_second=6000.0, import_ratio=4.0, t_ratio=0.01):
    def scale(queries=11):
        return {"R": SimpleNamespace(ratio=0.5, same_numbers=True), "page": SimpleNamespace(queries=queries)}

    results = {"city": scale(), "province": scale()}
    results["city"]["T"] = SimpleNamespace(ratio=t_ratio)
    results["province"]["I"] = SimpleNamespace(values_per_second=import_values_per_second, ratio=import_ratio)
    return results


def _summary(results, load_seconds):
    command = Command(stdout=io.StringIO())
    missed = command._summary(results, load_seconds=load_seconds)
    return missed, command.stdout.getvalue()


def test_a_missed_import_target_is_reported_as_missed():
    missed, printed = _summary(_results(import_values_per_second=142.0, import_ratio=44.8), load_seconds=1)
    assert missed == ["import ≥ 5,000 values/s", "I ≤ 5"]
    assert "NOT MET  I ≤ 5" in printed


def test_met_targets_miss_nothing():
    missed, printed = _summary(_results(t_ratio=0.2), load_seconds=5)
    assert missed == []
    assert "met      T ≥ 0.15 at city scale" in printed


def test_throughput_from_a_short_smoke_run_is_printed_but_not_judged():
    missed, printed = _summary(_results(t_ratio=0.01), load_seconds=2)
    assert missed == [] and "not judged" in printed
    missed, _printed = _summary(_results(t_ratio=0.01), load_seconds=5)
    assert missed == ["T ≥ 0.15 at city scale"]
