"""The claim suite's rules: the ``claim`` marker, Hypothesis profiles, catalog coverage.

Every test in ``claims/`` carries ``@pytest.mark.claim("claim-id", witness="...")`` naming the
catalog entry it witnesses and the kind of evidence it gives. Collection fails (exit status 4,
with the offending ids listed) when

- a test has no claim mark, names an id that is not in ``claims.catalog`` or gives no valid
  witness kind, or
- the whole ``claims/`` directory was collected (no -k, -m, node-id or file selection) and some
  catalog entry has no test (entries checked only by the MNIST experiment,
  ``experiment == "mnist"``, need none).

``--engine SPEC`` (default ``nnclaims``) names the engine the conformance witnesses
(claims/test_conformance.py) are run against (:func:`claims.engines.load_engine`; ``network2``
takes ``--network2-path`` or ``$NETWORK2_PATH``). With another engine every other test, written
against our engine's own code, is skipped as not applicable to it.

Hypothesis profiles: ``dev`` (40 examples, random), ``ci`` (100 examples, derandomized),
``quick`` (25 examples, no shrinking), ``thorough`` (5000 examples). The active one is
``$NNCLAIMS_HYPOTHESIS_PROFILE`` if set, else ``ci`` when ``$CI`` is set, else ``dev``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from claims.plugin import WITNESS_KINDS, claim_marks, hypothesis_profile_name

CLAIMS_DIR = Path(__file__).resolve().parent

settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile(
    "ci",
    max_examples=100,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# Smoke runs (e.g. against deliberately broken engines): few examples, fixed seed, no shrinking.
settings.register_profile(
    "quick",
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=5000,
    deadline=None,
    print_blob=True,
    phases=list(Phase),
    suppress_health_check=[HealthCheck.too_slow],
)


def pytest_addoption(parser):
    group = parser.getgroup("nnclaims engine")
    group.addoption(
        "--engine",
        default="nnclaims",
        metavar="SPEC",
        help="engine the conformance witnesses run against: nnclaims (default), network2, torch, "
        "jax or MODULE:ATTRIBUTE",
    )
    group.addoption(
        "--network2-path",
        default=None,
        metavar="PATH",
        help="Nielsen's network2.py for --engine network2 (default $NETWORK2_PATH)",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "claim(id, witness=kind): the catalog claim a test witnesses and the kind of evidence "
        f"({', '.join(WITNESS_KINDS)})",
    )
    config.addinivalue_line(
        "markers",
        "slow_claims: a slower claim witness (high-precision sweeps); part of every full run, "
        "CI included; -m 'not slow_claims' leaves it out of a quick local pass",
    )
    name = hypothesis_profile_name()
    try:
        settings.load_profile(name)
    except Exception:
        raise pytest.UsageError(
            f"NNCLAIMS_HYPOTHESIS_PROFILE={name!r} is not a Hypothesis profile of the claim "
            "suite; expected one of dev, ci, quick, thorough"
        ) from None
    config.stash[_PROFILE_KEY] = name


_PROFILE_KEY = pytest.StashKey[str]()


def pytest_report_header(config):
    return f"claim suite: hypothesis profile {config.stash.get(_PROFILE_KEY, '?')!r}"


def _load_catalog():
    try:
        from claims import catalog
    except ModuleNotFoundError as error:
        if error.name == "claims.catalog":
            raise pytest.UsageError(
                "claims/catalog is missing: the claim suite needs the catalog"
            ) from None
        raise
    return catalog


def _whole_directory_collected(config, items) -> bool:
    """True when no selection narrows the claims directory: every claims test file collected,
    no node-id arguments, no -k or -m expression (run before deselection, see tryfirst)."""
    if config.getoption("keyword") or config.getoption("markexpr"):
        return False
    if any("::" in str(arg) for arg in config.args):
        return False
    on_disk = {path.resolve() for path in CLAIMS_DIR.glob("test_*.py")}
    collected = {Path(item.path).resolve() for item in items}
    return bool(on_disk) and on_disk <= collected


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    claim_items = [item for item in items if CLAIMS_DIR in Path(item.path).resolve().parents]
    if not claim_items:
        return
    catalog = _load_catalog()
    known = {claim.id for claim in catalog.CLAIMS}
    tested: set[str] = set()
    unmarked, unknown = [], {}
    for item in claim_items:
        pairs = claim_marks(item)
        if not pairs:
            unmarked.append(item.nodeid)
        if len({witness for _, witness in pairs}) > 1:
            raise pytest.UsageError(
                f"{item.nodeid}: all claim marks of one test must share one witness kind"
            )
        for claim_id, _ in pairs:
            tested.add(claim_id)
            if claim_id not in known:
                unknown.setdefault(claim_id, []).append(item.nodeid)
    problems = []
    if unknown:
        problems.append(
            "tests name claim ids that are not in the claim catalog (claims/catalog): "
            + "; ".join(f"{cid} ({', '.join(nodes)})" for cid, nodes in sorted(unknown.items()))
        )
    if unmarked:
        problems.append("tests without a @pytest.mark.claim: " + ", ".join(unmarked))
    if _whole_directory_collected(config, claim_items):
        needing = {c.id for c in catalog.CLAIMS if getattr(c, "experiment", "") != "mnist"}
        untested = sorted(needing - tested)
        if untested:
            problems.append("catalog entries with no test: " + ", ".join(untested))
    if problems:
        raise pytest.UsageError("claim suite collection failed:\n  " + "\n  ".join(problems))
    _skip_our_engine_tests(config, claim_items)


CONFORMANCE_TESTS = CLAIMS_DIR / "test_conformance.py"


def _skip_our_engine_tests(config, items) -> None:
    """With ``--engine`` other than ours, skip every test but the conformance witnesses."""
    # a default: run as ``--pyargs claims`` this conftest registers its options after parsing
    if config.getoption("engine", default="nnclaims") == "nnclaims":
        return
    reason = (
        f"not applicable: this witness checks the nnclaims engine's own code or a derivation, "
        f"not the engine {config.getoption('engine')!r}; the witnesses for any engine are in "
        "claims/test_conformance.py"
    )
    for item in items:
        if Path(item.path).resolve() != CONFORMANCE_TESTS:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def conformance_engine(request):
    """The engine named by ``--engine`` (a usage error, one line, when it cannot be loaded)."""
    from claims.engines import EngineSpecError, load_engine

    try:
        return load_engine(
            request.config.getoption("engine", default="nnclaims"),
            request.config.getoption("network2_path", default=None),
        )
    except EngineSpecError as error:
        raise pytest.UsageError(str(error)) from None


@pytest.fixture
def record_counterexample(request):
    """Record the counterexample a test found (shown in the claims export and the report)."""

    def record(text: str) -> None:
        request.node.user_properties.append(("counterexample", str(text)))

    return record
