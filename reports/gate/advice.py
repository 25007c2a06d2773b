"""What a failing gate advises: fix the code or accept the change with ``--update`` -- or, when
every difference is only that the MNIST experiment did not run for want of its data, get the
data and build again. Accepting such results would drop every MNIST figure from the baseline,
so the gate never suggests it then."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from reports.gate.observe import NOT_RUN, Observations

MISSING = "(missing)"
MNIST_PREFIX = "mnist "
MNIST_COMPARISON_PREFIX = "mnist :: "


class FindingLike(Protocol):
    kind: str
    item: str
    now: str


def mnist_claim_ids(baseline: dict) -> set[str]:
    """The claims the baseline judges by an MNIST comparison row (its key's last part)."""
    return {
        key.rsplit(" :: ", 1)[-1]
        for key in baseline.get("comparisons", {})
        if key.startswith(MNIST_COMPARISON_PREFIX)
    }


def _lacks_mnist_data(finding: FindingLike, mnist_claims: set[str]) -> bool:
    """Whether a finding is one that an MNIST experiment which did not run makes by itself."""
    if finding.kind in ("mnist", "setup") and finding.item.startswith(MNIST_PREFIX):
        return finding.now == MISSING
    if finding.kind == "comparison" and finding.item.startswith(MNIST_COMPARISON_PREFIX):
        return finding.now in (NOT_RUN, MISSING)
    if finding.kind in ("claim", "statement"):
        claim_id = finding.item.rsplit(" :: ", 1)[-1]
        return claim_id in mnist_claims and finding.now == NOT_RUN
    return False


def only_missing_mnist_data(
    moved: Sequence[FindingLike], observed: Observations, baseline: dict
) -> bool:
    """True when the results say the MNIST experiment did not run, the build met no other
    problem (damaged data or a failed run is one), and every finding is an MNIST figure,
    set-up, comparison or claim missing or not run because of it."""
    if observed.mnist_ran or observed.build_problems or not moved:
        return False
    mnist_claims = mnist_claim_ids(baseline)
    return all(_lacks_mnist_data(finding, mnist_claims) for finding in moved)


def advice_text(
    moved: Sequence[FindingLike],
    observed: Observations,
    baseline: dict,
    baseline_path,
    results_path,
) -> str:
    """The paragraph printed under a failing gate's table."""
    if only_missing_mnist_data(moved, observed, baseline):
        return (
            "\nEvery row comes from the MNIST experiment not having run: these results were "
            "built without the MNIST files, so they lack the MNIST figures and verdicts the "
            "baseline holds. Do not accept them into the baseline: fetch the data (python -m "
            "runs.download, or point --mnist-dir at it) and build again."
        )
    return (
        "\nA claim row: a witness of the claim failed, raised an error or did not run; the "
        "HTML report shows which and why. Fix the code or the claim: the baseline cannot "
        "accept a claim that misses its expected verdict.\n"
        "Any other row: the build computes something else than the baseline recorded. If "
        "that change is intended, accept it (the command prints what it accepts):\n"
        f"  python -m reports.gate --baseline {baseline_path} "
        f"--results {results_path} --update"
    )
