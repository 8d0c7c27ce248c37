"""Generated API requests from the OpenAPI document (schemathesis + hypothesis), checked:
no 5xx, every status and response as documented. ``test_api_schemathesis.py`` runs a few
hundred in the suite; ``python -m tests.web.apifuzz --requests 20000`` (``make fuzz``) the
long run, printing the figures."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any  # Any: schemathesis objects (untyped), the FastAPI app

ADMIN_TOKEN = "fuzz-admin-token-0123456789"


@dataclass
class FuzzReport:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def line(self) -> str:
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (
            f"{self.requests} requests ({shown}); {len(self.server_errors)} 5xx, "
            f"{len(self.violations)} schema violations"
        )


def fuzz(
    app: Any,
    examples: int,
    seed: int = 16,
    upload: bool = True,
    report: FuzzReport | None = None,
) -> FuzzReport:
    """5xx are counted apart; every other check of schemathesis is a violation, except
    "schema-valid request rejected": a cursor the store did not hand out, or a date that
    does not exist (2024-02-30), fits any schema yet is rightly 400.
    ``examples`` generated requests per operation of ``app``'s OpenAPI document (the
    uploading one too when ``upload``: it analyses each text, so it gets a tenth)."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed
    from schemathesis.checks import not_a_server_error, positive_data_acceptance

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    report = report or FuzzReport()
    auth = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        uploads = operation.method.upper() == "POST"
        if uploads and not upload:
            continue
        budget = max(1, examples // 10) if uploads else examples

        @hseed(seed)
        @settings(
            max_examples=budget,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            headers = auth if case.method.upper() == "POST" else None
            label = f"{case.method} {case.formatted_path} {json.dumps(case.query)[:200]}"
            try:
                response = case.call(headers=headers, timeout=300)
            except Exception as exc:  # noqa: BLE001 - the app raised through the transport: a 500
                report.requests += 1
                report.statuses[500] += 1
                report.server_errors.append(f"500 {label}: {type(exc).__name__}: {exc}"[:400])
                return
            report.requests += 1
            report.statuses[response.status_code] += 1
            if response.status_code >= 500:
                report.server_errors.append(f"{response.status_code} {label}")
                return
            try:
                case.validate_response(
                    response, excluded_checks=[not_a_server_error, positive_data_acceptance]
                )
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - a finding, counted
                report.violations.append(f"{label}: {failure_names(exc)}")

        run()
    return report


def failure_names(exc: BaseException) -> str:
    """Each failure of a schemathesis FailureGroup by its title ("Undocumented status code")."""
    found = getattr(exc, "exceptions", None) or [exc]
    return "; ".join(
        str(getattr(f, "title", "") or type(f).__name__)
        + ": "
        + str(getattr(f, "message", ""))[:200]
        for f in found
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20_000, help="about this many in all")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--db", help="store to serve (default: a new one with the gold article)")
    args = parser.parse_args(argv)
    from sayso.web import create_app
    from tests.web.conftest import fill_gold

    with tempfile.TemporaryDirectory(prefix="sayso-fuzz-") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'fuzz.db'}"
        if not args.db:
            fill_gold(url)
        app = create_app(url, admin_token=ADMIN_TOKEN)
        from schemathesis import openapi

        operations = sum(1 for _ in openapi.from_asgi("/openapi.json", app).get_all_operations())
        report = FuzzReport()
        seed = args.seed
        while report.requests < args.requests:  # hypothesis drops repeats: more seeds
            left = args.requests - report.requests
            fuzz(app, max(1, left // max(1, operations)), seed, report=report)
            seed += 1
    print(report.line())
    for line in (report.server_errors + report.violations)[:50]:
        print("  " + line)
    return 1 if report.server_errors or report.violations else 0


if __name__ == "__main__":
    sys.exit(main())
