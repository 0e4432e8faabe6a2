"""RPW imports, SDG 10.c.1 and the alerts, on a small file written in RPW's exact columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from waypost.accounts.roles import Role
from waypost.protection.models import AuditEntry
from waypost.remittances import selectors, services
from waypost.remittances.models import CorridorAlert, RemittanceService
from waypost.remittances.rpw import COLUMNS, read_rpw

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "rpw-sample.csv"


def run(capsys, *argv: str) -> dict:
    call_command("remittances", *argv)
    return json.loads(capsys.readouterr().out)


def services_state() -> list[tuple]:
    return list(
        RemittanceService.objects.order_by("pk").values_list(
            "pk", "period", "source_code", "destination_code", "firm", "cc1_total_cost"
        )
    )


def test_the_sample_is_written_in_rpws_published_columns():
    with SAMPLE.open(newline="") as sample:
        assert tuple(next(csv.reader(sample))) == COLUMNS
    assert len(COLUMNS) == 42


def test_importing_the_same_file_twice_changes_nothing_the_second_time(capsys):
    first = run(capsys, "import", str(SAMPLE), "--json")
    before = services_state()
    second = run(capsys, "import", str(SAMPLE), "--json")

    assert first == {"rows": 12, "imported": 12, "rejected": 0, "periods": ["2025Q1", "2025Q2"]}
    assert second == {"rows": 12, "imported": 0, "rejected": 0, "periods": ["2025Q1", "2025Q2"]}
    assert services_state() == before


def test_sdg_10_c_1_is_the_mean_cost_of_sending_200_computed_by_hand(capsys):
    run(capsys, "import", str(SAMPLE), "--json")
    with SAMPLE.open(newline="") as sample:
        rows = list(csv.DictReader(sample))
    by_hand = [float(row["cc1 total cost %"]) for row in rows if row["period"] == "2025_2Q"]
    # 7.0 + 5.5 + 9.0 + 3.2 (ITA-NGA) + 2.5 + 2.0 (ITA-MAR) + 4.5 (ESP-SEN), over 7
    assert sum(by_hand) / len(by_hand) == pytest.approx(33.7 / 7)

    result = run(capsys, "sdg-10-c-1", "--period", "2025Q2", "--json")

    assert result == {
        "period": "2025Q2",
        "global_average_200": pytest.approx(sum(by_hand) / len(by_hand), abs=1e-9),
        "corridors_above_5": 1,  # ITA-NGA: (7.0 + 5.5 + 9.0 + 3.2) / 4 = 6.175
    }
    assert run(capsys, "sdg-10-c-1", "--json")["period"] == "2025Q2"  # the latest
    assert run(capsys, "sdg-10-c-1", "--period", "2025_1Q", "--json")[
        "global_average_200"
    ] == pytest.approx((6.0 + 4.5 + 8.1 + 3.0 + 2.5) / 5)


def test_an_unknown_column_is_refused_by_its_name(tmp_path):
    path = tmp_path / "rpw.csv"
    path.write_text(SAMPLE.read_text().replace("cc1 total cost %", "total cost 200", 1))

    with pytest.raises(CommandError) as refused:
        call_command("remittances", "import", str(path))

    assert "total cost 200" in str(refused.value)
    assert not RemittanceService.objects.exists()


def test_a_missing_required_column_is_named(tmp_path):
    lines = SAMPLE.read_text().splitlines()
    header = lines[0].split(",")
    keep = [i for i, name in enumerate(header) if name != "firm"]
    path = tmp_path / "rpw.csv"
    path.write_text(
        "\n".join(",".join(line.split(",")[i] for i in keep) for line in lines[:2]) + "\n"
    )

    with pytest.raises(CommandError, match="firm"):
        call_command("remittances", "import", str(path))


def test_the_published_workbook_is_read_from_its_dataset_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.title = "Terms of Use"
    workbook.active.append(["The World Bank: Remittance Prices Worldwide"])
    legacy = workbook.create_sheet("Dataset (up to Q1 2016)")
    legacy.append(["period", "source_code", "destination_code", "firm", "product"])
    sheet = workbook.create_sheet("Dataset (from Q2 2016)")
    with SAMPLE.open(newline="") as sample:
        for number, row in enumerate(csv.reader(sample)):
            sheet.append(
                row
                if number == 0
                else [float(cell) if cell.replace(".", "", 1).isdigit() else cell for cell in row]
            )
    # The published workbook has unnamed cells after its last column.
    sheet.cell(row=2, column=len(COLUMNS) + 2, value="AGO2025")
    path = tmp_path / "rpw_dataset_2011_2025_q2.xlsx"
    workbook.save(path)

    parsed = read_rpw(path)

    assert parsed.rows == 12 and not parsed.rejected
    assert {s.period for s in parsed.services} == {"2025Q1", "2025Q2"}
    assert sum(s.cc1_total_cost for s in parsed.services if s.period == "2025Q1") == (
        pytest.approx(24.1)
    )


def test_rows_without_a_cost_or_a_country_code_are_rejected_with_their_row(tmp_path):
    lines = SAMPLE.read_text().splitlines()
    bad_cost = lines[1].replace(",6.0,425,", ",..,425,")
    bad_code = lines[2].replace(",ITA,Italy,", ",Italy,Italy,", 1)
    path = tmp_path / "rpw.csv"
    path.write_text("\n".join([lines[0], bad_cost, bad_code, lines[3]]) + "\n")

    report = services.remittances_import(path=path)

    assert report.as_json() == {"rows": 3, "imported": 1, "rejected": 2, "periods": ["2025Q1"]}
    assert [r.row for r in report.rejected] == [2, 3]


def test_a_corrected_quarter_replaces_that_quarter_only(tmp_path, capsys):
    run(capsys, "import", str(SAMPLE), "--json")
    lines = SAMPLE.read_text().splitlines()
    corrected = [lines[0]] + [
        line.replace(",9.0,425,", ",8.0,425,") for line in lines[1:] if "2025_2Q" in line
    ]
    path = tmp_path / "corrected.csv"
    path.write_text("\n".join(corrected) + "\n")
    first_quarter = list(RemittanceService.objects.filter(period="2025Q1").values_list("pk"))

    result = run(capsys, "import", str(path), "--json")

    assert result == {"rows": 7, "imported": 7, "rejected": 0, "periods": ["2025Q2"]}
    assert (
        list(RemittanceService.objects.filter(period="2025Q1").values_list("pk")) == first_quarter
    )
    assert selectors.sdg_10_c_1("2025Q2")["global_average_200"] == pytest.approx(32.7 / 7)


def test_corridor_figures_breakdowns_and_the_three_cheapest(capsys):
    run(capsys, "import", str(SAMPLE), "--json")

    (corridor,) = selectors.corridors(source="ITA", destination="NGA")
    assert corridor["period"] == "2025Q2"
    assert corridor["average_200"] == pytest.approx((7.0 + 5.5 + 9.0 + 3.2) / 4)
    assert corridor["above_5"] is True
    # Sendwave (3.2) is not transparent and Poste (9.0) takes 6 days or more: neither counts.
    assert corridor["smart_200"] == pytest.approx((7.0 + 5.5) / 2)
    assert [point["period"] for point in corridor["trend"]] == ["2025Q1", "2025Q2"]
    assert corridor["trend"][0]["average_200"] == pytest.approx(6.2)

    by_instrument = {row["key"]: row for row in selectors.breakdown("instrument", "2025Q2")}
    # Remitly is paid by debit card or bank account: it counts under both.
    assert by_instrument["Debit card"]["services"] == 2
    assert by_instrument["Debit card"]["average_200"] == pytest.approx((3.2 + 2.0) / 2)
    by_source = {row["key"]: row["average_200"] for row in selectors.breakdown("source")}
    assert by_source["ESP"] == pytest.approx(4.5)
    trend = selectors.global_trend()
    assert [(t["period"], t["corridors_above_5"]) for t in trend] == [("2025Q1", 1), ("2025Q2", 1)]


def test_a_corridor_above_5_raises_an_alert_sent_to_the_watching_organisation(
    make_user, organisation, other_organisation, django_capture_on_commit_callbacks, capsys
):
    analyst = make_user(organisation, Role.ANALYST, username="analyst")
    analyst.email, analyst.preferred_language = "analyst@example.org", "fr"
    analyst.save()
    caseworker = make_user(organisation, Role.CASEWORKER, username="cw")
    caseworker.email = "cw@example.org"
    caseworker.save()
    services.corridor_watch_set(
        actor=None, organisation=organisation, source_code="ITA", destination_code="NGA"
    )
    services.corridor_watch_set(
        actor=None, organisation=other_organisation, source_code="ITA", destination_code="MAR"
    )

    with django_capture_on_commit_callbacks(execute=True):
        run(capsys, "import", str(SAMPLE), "--json")

    alerts = CorridorAlert.objects.order_by("period", "kind")
    assert [
        (a.watch.organisation_id, a.period, a.source_code, a.destination_code, a.kind)
        for a in alerts
    ] == [
        (organisation.pk, "2025Q1", "ITA", "NGA", "above_5"),
        (organisation.pk, "2025Q2", "ITA", "NGA", "above_5"),
    ]
    # The analyst is told, in French; the caseworker is not.
    assert [message.to for message in mail.outbox] == [["analyst@example.org"]] * 2
    assert "Nigeria" in mail.outbox[-1].body and "6,17" in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        run(capsys, "import", str(SAMPLE), "--json")
        services.alerts_raise(period="2025Q2")
    assert CorridorAlert.objects.count() == 2 and len(mail.outbox) == 2


def test_a_rise_beyond_the_set_amount_raises_an_alert(organisation, capsys):
    watch = services.corridor_watch_set(
        actor=None, organisation=organisation, destination_code="NGA", rise_points=0.5
    )
    run(capsys, "import", str(SAMPLE), "--json")

    raised = services.alerts_raise(period="2025Q2")

    # ITA-NGA rose from 6.2 to 6.175: no rise. ITA-MAR fell. Only the level alerts.
    assert {(a.kind, a.destination_code) for a in raised} == {("above_5", "NGA")}
    watch.rise_points = 0.01
    watch.save()
    CorridorAlert.objects.all().delete()
    services.corridor_watch_set(
        actor=None, organisation=organisation, destination_code="MAR", rise_points=0.1
    )
    # ITA-MAR: 2.75 in Q1; a Q2 at 3.5 on average rises 0.75 points, beyond 0.1.
    RemittanceService.objects.filter(period="2025Q2", destination_code="MAR").update(
        cc1_total_cost=3.5
    )
    raised = services.alerts_raise(period="2025Q2")
    assert ("rose", "MAR") in {(a.kind, a.destination_code) for a in raised}
    rose = next(a for a in raised if a.kind == "rose")
    assert rose.previous_average == pytest.approx(2.75) and rose.average == pytest.approx(3.5)


def test_setting_a_watch_is_audited_and_refuses_a_bad_code(organisation, admin):
    services.corridor_watch_set(actor=admin, organisation=organisation, source_code="ita")

    assert AuditEntry.objects.filter(action="waypost.remittances.watch_set").count() == 1
    with pytest.raises(Exception, match="ISO 3166"):
        services.corridor_watch_set(actor=admin, organisation=organisation, source_code="Italy")
