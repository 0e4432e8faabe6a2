from __future__ import annotations

import json
import logging

from waypost.core.logging import JsonFormatter


def test_json_logs_are_one_object_per_line_with_level_logger_and_message():
    record = logging.LogRecord(
        "waypost.jobs", logging.WARNING, __file__, 1, "job %s failed", ("42",), None
    )

    line = JsonFormatter().format(record)

    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "waypost.jobs"
    assert entry["message"] == "job 42 failed"
    assert entry["time"].endswith("+00:00")
    assert "\n" not in line
