"""``waypost training``: set a post, record a session (and its results) from a JSON file."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waypost.accounts import selectors as accounts_selectors
from waypost.core.exceptions import ApplicationError
from waypost.core.management.base import WaypostBaseCommand
from waypost.training import services

SESSION_KEYS = {"post", "course", "trainers", "starts_on", "ends_on", "participants", "results"}


def _day(value: Any, key: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ApplicationError(
            _("%(key)s is not a day: write it as 2026-03-02.") % {"key": key}
        ) from error


def _score(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(_("Scores are out of 100."))
    return value


def session_from_file(path: Path) -> dict[str, Any]:
    """The session a JSON file describes, as the API's body, with optional ``results``."""
    if not path.is_file():
        raise ApplicationError(_("No file at %(path)s.") % {"path": path})
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApplicationError(
            _("%(path)s is not a JSON file: %(error)s") % {"path": path, "error": error}
        ) from error
    if not isinstance(data, dict):
        raise ApplicationError(_("The file holds one session, a JSON object."))
    unknown = sorted(set(data) - SESSION_KEYS)
    missing = sorted(SESSION_KEYS - {"results"} - set(data))
    if unknown or missing:
        raise ApplicationError(
            _("Unknown keys: %(unknown)s; missing keys: %(missing)s.")
            % {"unknown": ", ".join(unknown) or "-", "missing": ", ".join(missing) or "-"}
        )
    rows = data["participants"], data.get("results") or []
    if not isinstance(data["trainers"], list) or not all(
        isinstance(items, list) and all(isinstance(item, dict) for item in items) for items in rows
    ):
        raise ApplicationError(
            _("trainers is a list; participants and results are lists of objects.")
        )
    return data


class Command(WaypostBaseCommand):
    help = (
        "Training of border officials: post ORG CODE (a post and its staff), "
        "record FILE.json --org ORG (a session, its participants and results)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        post = actions.add_parser("post", help="Create or update a border post.")
        post.add_argument("organisation", help="The organisation's short name (slug).")
        post.add_argument("code", help="The post's code, e.g. port.")
        post.add_argument("--name", required=True)
        post.add_argument("--staff", type=int, required=True, help="How many staff it has.")
        post.add_argument("--country", default="", help="ISO3; default: the organisation's.")
        post.add_argument(
            "--authority",
            default="",
            help="Which authority staffs it, as reports name it: police, border-guard, "
            "military, detention-staff, other-official. Links the post to complaints.",
        )
        record = actions.add_parser(
            "record",
            help="Record a session from a JSON file: {post, course, trainers, starts_on, "
            "ends_on, participants: [{code, rank, sex, language}], results: [{code, "
            "attended, pre_score, post_score}]} (results optional).",
        )
        record.add_argument("path", type=Path)
        record.add_argument("--org", required=True, help="The organisation's short name.")
        record.add_argument(
            "--json",
            action="store_true",
            help='Print {"session", "participants", "attended", "certified", "completed"}.',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = accounts_selectors.organisation_get(
            slug=options["organisation" if options["action"] == "post" else "org"]
        )
        if options["action"] == "post":
            if options["staff"] < 0:
                raise ApplicationError(_("The staff count cannot be negative."))
            post = services.post_set(
                organisation=organisation,
                code=options["code"],
                name=options["name"],
                staff=options["staff"],
                country=options["country"],
                authority_kind=options["authority"],
            )
            self.stdout.write(
                _("Post %(code)s of %(organisation)s: %(staff)s staff.")
                % {"code": post.code, "organisation": organisation.slug, "staff": post.staff}
            )
            return
        data = session_from_file(options["path"])
        with transaction.atomic():
            session = services.session_create(
                actor=None,
                organisation=organisation,
                post_code=str(data["post"]),
                course_code=str(data["course"]),
                trainers=[str(trainer) for trainer in data["trainers"]],
                starts_on=_day(data["starts_on"], "starts_on"),
                ends_on=_day(data["ends_on"], "ends_on"),
                participants=[
                    services.ParticipantInput(
                        code=str(p.get("code", "")),
                        rank=str(p.get("rank", "")),
                        sex=str(p.get("sex", "")),
                        language=str(p.get("language", "")),
                    )
                    for p in data["participants"]
                ],
            )
            if data.get("results"):
                session = services.session_results_record(
                    actor=None,
                    organisation=organisation,
                    session_id=session.pk,
                    results=[
                        services.ResultInput(
                            code=str(r.get("code", "")),
                            attended=bool(r.get("attended")),
                            pre_score=_score(r.get("pre_score")),
                            post_score=_score(r.get("post_score")),
                        )
                        for r in data["results"]
                    ],
                )
        participants = list(session.participants.all())
        summary = {
            "session": session.pk,
            "participants": len(participants),
            "attended": sum(1 for p in participants if p.attended),
            "certified": sum(1 for p in participants if p.certificate_code),
            "completed": session.completed_at is not None,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                _(
                    "Session %(session)s: %(participants)s participants, %(attended)s "
                    "attended, %(certified)s certified."
                )
                % summary
            )
