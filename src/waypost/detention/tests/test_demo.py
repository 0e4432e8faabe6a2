"""The demo shows each rule: an overdue consulate, a child, a blocked asylum seeker, a
transfer that restarted the clocks, and a visit."""

from __future__ import annotations

from waypost.accounts.models import User
from waypost.detention import selectors
from waypost.detention.models import Visit


def test_the_demo_holds_a_detention_for_each_rule(db):
    from waypost.demo import load_demo

    load_demo(progress=lambda message: None)
    nhri = User.objects.get(username="nhri")

    rows = list(selectors.detentions_visible_to(user=nhri))
    states = {d.name: selectors.consular_state_of(d) for d in rows}

    assert len(rows) == 4
    assert [d.name for d in selectors.consular_overdue(user=nhri)] == ["Chinedu Okafor"]
    assert [d.name for d in selectors.children_detained(user=nhri)] == ["Yonas Tesfay"]
    assert states["Mohamed Adam Ishag"].blocked is True
    moved = next(d for d in rows if d.name == "Karim Mansouri")
    assert moved.transfers.count() == 1 and states["Karim Mansouri"].family_notified_at is None
    assert Visit.objects.filter(organisation=nhri.organisation).count() == 1
