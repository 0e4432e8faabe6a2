"""Who must decide a candidate: the two sides of the identification board.

A candidate joins a report (held by the family's organisation) and a found person or
remains (held by the organisation that found or examined them). Each decision needs a
reviewer of each side, two different people (INTERPOL DVI Identification Board):

- confirming, or reversing a confirmation of, remains: a forensic specialist of the
  organisation that holds the remains, and a reviewer of the organisation that holds the
  report; a family's organisation alone, even with its own forensic specialist, cannot
  identify another organisation's dead;
- confirming a found person, and excluding: a reviewer of each organisation.

When one organisation holds both records the two sides are two of its reviewers (for
remains, one of them a forensic specialist), as before there were two organisations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from waypost.accounts.roles import Role
from waypost.tracing.models import Candidate, CandidateReview, Decision


@dataclass(frozen=True)
class Side:
    organisation_id: int
    forensic: bool  # only a forensic specialist of that organisation may decide for it
    record: str  # "report", "remains" or "found_person": which record's holder


def sides(candidate: Candidate, decision: str) -> tuple[Side, Side]:
    forensic = bool(candidate.remains_id) and decision in (Decision.CONFIRM, Decision.REVERSE)
    return (
        Side(candidate.report.organisation_id, False, "report"),
        Side(candidate.other.organisation_id, forensic, candidate.kind),
    )


def fills(review: CandidateReview, side: Side) -> bool:
    return review.organisation_id == side.organisation_id and (
        not side.forensic or review.reviewer_role == Role.FORENSIC
    )


def unfilled(board: Sequence[Side], reviews: Iterable[CandidateReview]) -> list[Side]:
    """The sides no review fills, each review filling at most one side (different people).

    With two sides, trying them in both orders finds the best assignment.
    """
    given = list(reviews)
    best: list[Side] | None = None
    for order in (list(board), list(reversed(board))):
        left, used = [], set()
        for side in order:
            review = next((r for r in given if r.reviewer_id not in used and fills(r, side)), None)
            if review is None:
                left.append(side)
            else:
                used.add(review.reviewer_id)
        if best is None or len(left) < len(best):
            best = left
    return best or []


def awaited(candidate: Candidate, reviews: Iterable[CandidateReview]) -> list[Side]:
    """The sides whose decision the candidate waits for now, given this round's reviews.

    An open candidate waits for each side to confirm or exclude (the stricter confirming
    side: a forensic specialist for remains); a confirmed one whose reversal a side has
    asked for waits for the other side's reversal; anything else waits for no one.
    """
    round_reviews = [r for r in reviews if r.round == candidate.review_round]
    reversals = [r for r in round_reviews if r.decision == Decision.REVERSE]
    if candidate.status == "confirmed":
        return unfilled(sides(candidate, Decision.REVERSE), reversals) if reversals else []
    if candidate.status == "excluded":
        return []
    decisions = [r for r in round_reviews if r.decision != Decision.REVERSE]
    return unfilled(sides(candidate, Decision.CONFIRM), decisions)
