"""The throughput benchmark runs sweep tasks on 1 and 2 processes and reports what it measured
(its numbers are measurements, so only their consistency is checked here, not their size)."""

import io

import pytest

from experiments.sweep import benchmark
from runs.tasks import SyntheticSource


def test_benchmark_reports_consistent_throughput_and_cpu_time():
    source = SyntheticSource(n_train=300, n_evaluation=50, n_inputs=784, n_classes=10, seed=1)
    out = io.StringIO()
    result = benchmark(source, tasks=2, train_size=300, epochs=1, repeats=1, out=out)
    assert set(result["throughput"]) == {1, 2}
    for jobs, (seconds, cpu) in result["wall_and_cpu_seconds"].items():
        assert seconds > 0 and cpu > 0
        assert result["throughput"][jobs] == pytest.approx(2 / seconds, rel=1e-12)
    assert result["speedup"] == pytest.approx(
        result["throughput"][2] / result["throughput"][1], rel=1e-12
    )
    text = out.getvalue()
    assert "1 process(es): 2 tasks" in text and "2 process(es): 2 tasks" in text
    assert f"speed-up 2 vs 1 processes: {result['speedup']:.2f}x" in text
