"""The daily reminder of reports past their deadlines (registered in ``waypost.jobs.periodic``).

The same as ``waypost reports overdue``: each report's handler, or its organisation's
handlers, are reminded at most once a day. Counts only in the job's result.
"""

from __future__ import annotations

from waypost.reporting.services import reminders_send


def remind_due() -> dict[str, int]:
    found = reminders_send()
    return {"overdue": len(found), "handlers_reminded": sum(r.reminded for r in found)}
