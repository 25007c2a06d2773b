"""The conformance report: the chapter's claims run against any engine (see
:mod:`reports.conformance.cli`)."""
