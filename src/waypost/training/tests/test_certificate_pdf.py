"""The certificate PDF is in the learner's language, Arabic shaped and set right to left,
with the verification address and no person; checked by reading the PDF back."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from waypost.training import services
from waypost.training.certificate import FONT
from waypost.training.models import Module, Participant
from waypost.training.tests.pdf_text import glyph_names, lines

pytestmark = pytest.mark.django_db

TITLE_AR = "حقوق الإنسان على الحدود"


@pytest.fixture
def certified(organisation, admin):
    services.course_create(
        code="borders",
        title={
            "en": "Human rights at borders",
            "fr": "Droits humains aux frontières",
            "ar": TITLE_AR,
        },
        modules=[Module.NON_REFOULEMENT, Module.CHILDREN],
    )
    services.post_set(organisation=organisation, code="port-a", name="Port A", staff=4)
    session = services.session_create(
        actor=admin,
        post_code="port-a",
        course_code="borders",
        trainers=["Trainer One"],
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
        participants=[
            services.ParticipantInput(code="BP-0417", rank="Sergeant", sex="female", language="ar"),
            services.ParticipantInput(code="BP-0522", rank="Officer", sex="male", language="fr"),
            services.ParticipantInput(code="BP-0731", rank="Officer", sex="male"),
        ],
    )
    services.session_results_record(
        actor=admin,
        session_id=session.pk,
        results=[
            services.ResultInput(code=code, attended=True, pre_score=40, post_score=90)
            for code in ("BP-0417", "BP-0522", "BP-0731")
        ],
    )
    return {p.code: p.certificate_code for p in Participant.objects.all()}


def shaped_glyph_names(text: str) -> set[str]:
    """The glyphs HarfBuzz draws ``text`` with in the bundled font, by name."""
    data = FONT.read_bytes()
    font = hb.Font(hb.Face(hb.Blob(data)))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    order = TTFont(FONT).getGlyphOrder()  # type: ignore[arg-type]
    return {order[info.codepoint] for info in buffer.glyph_infos}


@time_machine.travel(date(2026, 4, 1))
def test_an_arabic_learners_certificate_is_in_arabic_shaped_right_to_left(certified, admin, client):
    client.force_login(admin)
    code = certified["BP-0417"]

    # Read from an English page: the certificate follows the learner's language.
    response = client.get(f"/en/training/certificates/{code}.pdf")

    pdf = response.content
    assert response["Content-Type"] == "application/pdf" and pdf.startswith(b"%PDF-")
    assert b"/Lang (ar)" in pdf
    text = lines(pdf, right_to_left=True)
    assert any(TITLE_AR in line for line in text), text
    # Shaped: the letters are drawn in their joined forms, the very glyphs HarfBuzz picks
    # (e.g. U+FEA3, hah initial, for the first letter of the title), not the isolated ones.
    expected = shaped_glyph_names(TITLE_AR)
    assert "uniFEA3" in expected and "uni062D" not in expected
    assert expected <= glyph_names(pdf)
    assert "uni062D" not in glyph_names(pdf)
    # Right to left: read from the left the title does not appear, from the right it does.
    assert not any(TITLE_AR in line for line in lines(pdf))
    # The address of the check (its page in the learner's language), and no person.
    plain = "\n".join(lines(pdf))
    assert f"/ar/training/verify/{code}/" in plain
    for personal in ("BP-0417", "Sergeant", "female", "Trainer One"):
        assert personal not in plain


@time_machine.travel(date(2026, 4, 1))
def test_the_certificates_words_are_translated_into_arabic(certified, admin, client):
    """Needs the compiled catalogs (the lead compiles them after merging)."""
    client.force_login(admin)
    pdf = client.get(f"/en/training/certificates/{certified['BP-0417']}.pdf").content

    text = lines(pdf, right_to_left=True)

    assert any("شهادة تدريب" in line for line in text), text
    assert not any("Certificate of training" in line for line in lines(pdf))


@time_machine.travel(date(2026, 4, 1))
def test_a_learner_without_a_language_gets_the_readers_and_a_french_one_french(
    certified, admin, client
):
    client.force_login(admin)

    english = lines(client.get(f"/en/training/certificates/{certified['BP-0731']}.pdf").content)
    french = client.get(f"/en/training/certificates/{certified['BP-0522']}.pdf").content

    assert "Certificate of training" in english and "Post: Port A" in english
    assert any(f"/en/training/verify/{certified['BP-0731']}/" in line for line in english)
    assert b"/Lang (fr)" in french
    assert any("Droits humains aux frontières" in line for line in lines(french))


def test_another_organisations_certificate_is_a_404(
    certified, make_user, other_organisation, client
):
    from waypost.accounts.roles import Role

    client.force_login(make_user(other_organisation, Role.ADMIN, username="outsider"))

    assert client.get(f"/en/training/certificates/{certified['BP-0417']}.pdf").status_code == 404
