"""The report's section on the book's network2.py (reports.conformance.phase): shown, in both
languages, when the build is given the file's path; absent (and null in results.json)
without it; a path that is not a file is a usage error."""

import pytest
from conformance_engines import network2_file
from report_fixtures import build_fixture_report

from reports.build import build_parser
from reports.build_options import EXIT_USAGE, BuildError, check_option_values
from reports.conformance.phase import network2_conformance_phase


def build(tmp_path, record):
    return build_fixture_report(tmp_path / "report", network2_conformance=record)


def test_the_section_lists_what_network2_satisfies_and_where_it_departs(tmp_path):
    record, problem = network2_conformance_phase(str(network2_file()))
    assert problem is None
    written = build(tmp_path, record)
    english = written.index.read_text(encoding="utf-8")
    chinese = (written.index.parent / "index.zh.html").read_text(encoding="utf-8")
    assert 'id="network2"' in english and "The book's code, checked" in english
    assert f"it satisfies {record['counts']['conforms']} of the claims" in english
    assert "检验原书的代码" in chinese
    deviating = [row for row in record["rows"] if row["outcome"] == "deviates"]
    assert deviating, "network2.py deviates somewhere (its nan_to_num, its sigma')"
    for row in deviating:
        assert f'id="conformance-{row["claim"]}"' in english
    assert written.results["network2_conformance"]["engine"]["name"] == "network2"


def test_without_a_path_there_is_no_section(tmp_path, monkeypatch):
    monkeypatch.delenv("NETWORK2_PATH", raising=False)
    assert network2_conformance_phase(None) == (None, None)
    written = build(tmp_path, None)
    assert 'id="network2"' not in written.index.read_text(encoding="utf-8")
    assert written.results["network2_conformance"] is None


@pytest.mark.parametrize("from_environment", [False, True])
def test_a_network2_path_that_is_not_a_file_is_a_usage_error(
    tmp_path, monkeypatch, from_environment
):
    missing = str(tmp_path / "missing.py")
    args = ["--out", str(tmp_path / "out")]
    if from_environment:
        monkeypatch.setenv("NETWORK2_PATH", missing)
    else:
        args += ["--network2-path", missing]
    with pytest.raises(BuildError) as raised:
        check_option_values(build_parser().parse_args(args))
    assert raised.value.exit_code == EXIT_USAGE
    assert ("$NETWORK2_PATH" if from_environment else "--network2-path") in str(raised.value)
