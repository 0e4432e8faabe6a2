"""The identification report: a signed, printable account of a confirmed identification.

What an identification board signs (INTERPOL DVI form "Identification Board" and the ICRC
practice): which primary identifiers agreed (DNA, dental, fingerprints), which secondary
ones (names, sex, age, stature, description, effects), who decided on each side and
when. It is written in the family's language (the enquirer's), as a PDF drawn with fpdf2
and a bundled font with Latin and Arabic glyphs (DejaVu Sans, ``fonts/``), Arabic shaped
by HarfBuzz (uharfbuzz), so nothing is fetched at run time.

"Signed": the report's content, as canonical JSON, carries an Ed25519 signature by the
deployment's key (derived from its master key), printed on the document with the key's
fingerprint. The PDF also carries the signed content as an attachment, so
``waypost tracing verify-report FILE`` can check a file later: the signature holds only
for the content the deployment signed, and the command prints that content for the
reader to compare with the printed pages.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from waypost.core.vocabularies import label as vocabulary_label
from waypost.matching import forensic
from waypost.protection.keys import key_provider
from waypost.tracing import forensic_comparison
from waypost.tracing.explanations import LEVELS
from waypost.tracing.models import Candidate, CandidateStatus, Decision, UnidentifiedRemains

FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
MARKER = b"WAYPOST-IDENTIFICATION-REPORT-V1:"
_SIGNED = re.compile(re.escape(MARKER) + rb"([A-Za-z0-9+/=]+)\.([A-Za-z0-9+/=]+)")

AGREED = "agreed"
DISAGREED = "disagreed"
INCONCLUSIVE = "inconclusive"
NOT_COMPARED = "not_compared"
OUTCOME_WORDS = {
    AGREED: pgettext_lazy("identifier", "agreed"),
    DISAGREED: pgettext_lazy("identifier", "disagreed"),
    INCONCLUSIVE: pgettext_lazy("identifier", "inconclusive"),
    NOT_COMPARED: pgettext_lazy("identifier", "not compared in Waypost"),
}
IDENTIFIER_WORDS = {
    "dna": gettext_lazy("DNA"),
    "dental": gettext_lazy("Dental records"),
    "fingerprints": gettext_lazy("Fingerprints"),
    "names": gettext_lazy("Names"),
    "sex": gettext_lazy("Sex"),
    "age": gettext_lazy("Age"),
    "stature": gettext_lazy("Height and stature"),
    "description": gettext_lazy("Physical description and marks"),
    "effects": gettext_lazy("Clothing and personal effects"),
}
PRIMARY = ("dna", "dental", "fingerprints")
SECONDARY = ("names", "sex", "age", "stature", "description", "effects")


class VerificationError(Exception):
    """The file carries no signed report, or its signature does not hold."""


def _signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(
        key_provider().derive("waypost.tracing.identification-report.signing")
    )


def public_key() -> Ed25519PublicKey:
    return _signing_key().public_key()


def key_fingerprint(key: Ed25519PublicKey | None = None) -> str:
    """The first 16 bytes of SHA-256 over the raw public key, as grouped hex."""
    raw = (key or public_key()).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _by_key(evidence: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(item.get("key")): item for item in evidence or []}


def _from_weight(item: dict[str, Any] | None) -> str:
    if item is None:
        return NOT_COMPARED
    weight = float(item.get("weight", 0))
    return AGREED if weight > 0 else DISAGREED if weight < 0 else INCONCLUSIVE


def report_language(candidate: Candidate) -> str:
    """The family's language (the enquirer's) when Waypost speaks it, else English."""
    wanted = str((candidate.report.enquirer or {}).get("language", "")).split("-")[0].lower()
    return wanted if wanted in dict(settings.LANGUAGES) else "en"


def content(candidate: Candidate) -> dict[str, Any]:
    """What the report says, as data (signed as is; the PDF renders it)."""
    if candidate.status != CandidateStatus.CONFIRMED:
        raise ValueError("Only a confirmed candidate has an identification report.")
    report, other = candidate.report, candidate.other
    dna = forensic_comparison.latest_dna(candidate)
    comparison = forensic_comparison.compare(report, other, dna)
    evidence = _by_key(candidate.evidence or [])
    forensic_items = {item.key: item.as_dict() for item in comparison.items} if comparison else {}
    identifiers: dict[str, dict[str, Any]] = {}
    if dna is not None:
        identifiers["dna"] = {
            "outcome": {
                "match": AGREED,
                "exclusion": DISAGREED,
            }.get(dna.conclusion, INCONCLUSIVE),
            "laboratory": dna.laboratory,
            "reference": dna.reference,
            "reported_on": dna.reported_on.isoformat(),
        }
    else:
        identifiers["dna"] = {"outcome": NOT_COMPARED}
    dental = comparison.dental if comparison else None
    if dental is not None:
        identifiers["dental"] = {
            "outcome": {
                forensic.DENTAL_CONCORDANT: AGREED,
                forensic.DENTAL_CONSISTENT: AGREED,
                forensic.DENTAL_IRRECONCILABLE: DISAGREED,
            }.get(dental.conclusion, INCONCLUSIVE),
            "conclusion": dental.conclusion,
            **{key: value for key, value in dental.counts.items()},
        }
    else:
        identifiers["dental"] = {"outcome": NOT_COMPARED}
    identifiers["fingerprints"] = {"outcome": NOT_COMPARED}
    identifiers["names"] = {"outcome": _from_weight(evidence.get("name"))}
    identifiers["sex"] = {
        "outcome": _from_weight(forensic_items.get("pm_sex") or evidence.get("sex"))
    }
    identifiers["age"] = {
        "outcome": _from_weight(forensic_items.get("pm_age") or evidence.get("birth"))
    }
    identifiers["stature"] = {"outcome": _from_weight(forensic_items.get("stature"))}
    identifiers["description"] = {"outcome": NOT_COMPARED}
    identifiers["effects"] = {"outcome": NOT_COMPARED}
    reviews = [
        {
            "reviewer": review.reviewer.get_username(),
            "role": review.reviewer_role,
            "organisation": review.organisation.name if review.organisation else "",
            "decision": review.decision,
            "date": timezone.localtime(review.created_at).date().isoformat(),
        }
        for review in candidate.reviews.filter(
            round=candidate.review_round, decision=Decision.CONFIRM
        ).select_related("reviewer", "organisation")
    ]
    postmortem = (other.postmortem or {}) if isinstance(other, UnidentifiedRemains) else {}
    return {
        "version": 1,
        "candidate": candidate.pk,
        "kind": candidate.kind,
        "person": report.name,
        "report": {"id": report.pk, "organisation": report.organisation.name},
        "other": {
            "id": other.pk,
            "organisation": other.organisation.name,
            "pm_number": str(postmortem.get("pm_number", "")) if postmortem else "",
        },
        "identifiers": identifiers,
        "reviews": reviews,
        "confirmed_on": max((r["date"] for r in reviews), default=""),
        "language": report_language(candidate),
    }


def sign(data: dict[str, Any]) -> str:
    return base64.b64encode(_signing_key().sign(canonical(data))).decode()


def verify(data: dict[str, Any], signature: str, key: Ed25519PublicKey | None = None) -> None:
    try:
        (key or public_key()).verify(base64.b64decode(signature), canonical(data))
    except (InvalidSignature, ValueError) as error:
        raise VerificationError("The signature does not hold for this content.") from error


def verify_file(pdf: bytes, key: Ed25519PublicKey | None = None) -> dict[str, Any]:
    """The signed content a PDF carries, once its signature holds; else VerificationError."""
    found = _SIGNED.search(pdf)
    if found is None:
        raise VerificationError("This file carries no signed Waypost identification report.")
    try:
        data = json.loads(base64.b64decode(found.group(1)))
    except ValueError as error:
        raise VerificationError("The signed content cannot be read.") from error
    verify(data, found.group(2).decode(), key)
    return dict(data)


def _outcome(identifier: dict[str, Any]) -> str:
    return str(OUTCOME_WORDS.get(identifier.get("outcome", ""), identifier.get("outcome", "")))


def _detail(name: str, identifier: dict[str, Any]) -> str:
    if name == "dna" and identifier.get("laboratory"):
        return _("%(laboratory)s, reference %(reference)s, reported on %(date)s") % {
            "laboratory": identifier["laboratory"],
            "reference": identifier.get("reference", ""),
            "date": identifier.get("reported_on", ""),
        }
    if name == "dental" and "conclusion" in identifier:
        return _(
            "%(conclusion)s: %(concordant)s teeth concordant, %(explainable)s explainable, "
            "%(irreconcilable)s irreconcilable"
        ) % {
            "conclusion": str(LEVELS.get(identifier["conclusion"], identifier["conclusion"])),
            "concordant": identifier.get("concordant", 0),
            "explainable": identifier.get("explainable", 0),
            "irreconcilable": identifier.get("irreconcilable", 0),
        }
    return ""


def render_pdf(data: dict[str, Any], signature: str) -> bytes:
    """The report as a PDF in the report's language, with its signature and how to check it."""
    from fpdf import FPDF  # imported here: only this download needs it

    language = data.get("language", "en")
    with translation.override(language):
        rtl = translation.get_language_bidi()
        align = "R" if rtl else "L"
        pdf = FPDF(format="A4")
        pdf.set_title(_("Identification report"))
        pdf.set_creator("Waypost")
        pdf.set_lang(language)
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
        pdf.add_page()

        def line(text: str, size: float = 10, gap: float = 1.5) -> None:
            pdf.set_font("DejaVu", size=size)
            pdf.multi_cell(0, size * 0.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(gap)

        line(_("Identification report"), 16, 3)
        line(
            _("Candidate %(candidate)s, confirmed on %(date)s")
            % {"candidate": data["candidate"], "date": data.get("confirmed_on") or "—"}
        )
        line(_("Person identified: %(name)s") % {"name": data.get("person") or "—"}, 12)
        line(
            _("Missing-person report %(id)s, held by %(organisation)s")
            % {"id": data["report"]["id"], "organisation": data["report"]["organisation"]}
        )
        other = data["other"]
        if data.get("kind") == "remains":
            line(
                _("Remains %(id)s (PM number %(pm)s), held by %(organisation)s")
                % {
                    "id": other["id"],
                    "pm": other.get("pm_number") or "—",
                    "organisation": other["organisation"],
                }
            )
        else:
            line(
                _("Found person %(id)s, held by %(organisation)s")
                % {"id": other["id"], "organisation": other["organisation"]}
            )
        for title, names in (
            (_("Primary identifiers"), PRIMARY),
            (_("Secondary identifiers"), SECONDARY),
        ):
            pdf.ln(2)
            line(title, 13, 2)
            for name in names:
                identifier = data["identifiers"].get(name, {"outcome": NOT_COMPARED})
                text = f"{IDENTIFIER_WORDS[name]}: {_outcome(identifier)}"
                detail = _detail(name, identifier)
                line(f"{text}. {detail}" if detail else text)
        pdf.ln(2)
        line(_("Decisions"), 13, 2)
        for review in data["reviews"]:
            line(
                _(
                    "%(date)s: %(reviewer)s (%(role)s, %(organisation)s) confirmed the identification"
                )
                % {
                    "date": review["date"],
                    "reviewer": review["reviewer"],
                    "role": vocabulary_label("accounts.role", review["role"]) or review["role"],
                    "organisation": review["organisation"],
                }
            )
        pdf.ln(3)
        line(_("Signature"), 13, 2)
        line(
            _(
                "This report is signed with the Ed25519 key of this Waypost installation "
                "(key fingerprint %(fingerprint)s). To check a copy, the installation's "
                "operator runs: waypost tracing verify-report FILE. The check holds only if "
                "nothing in the signed content was changed."
            )
            % {"fingerprint": key_fingerprint()},
            9,
        )
        pdf.set_font("DejaVu", size=7)
        pdf.multi_cell(0, 3.5, signature, align="L", new_x="LMARGIN", new_y="NEXT")
        payload = base64.b64encode(canonical(data)).decode()
        pdf.embed_file(
            bytes=MARKER + f"{payload}.{signature}".encode(),
            basename="identification-report.signed",
            mime_type="text/plain",
        )
        return bytes(pdf.output())


def identification_pdf(candidate: Candidate) -> bytes:
    data = content(candidate)
    return render_pdf(data, sign(data))
