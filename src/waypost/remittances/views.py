"""Pages of remittance costs: the public statistics, the migrants' page, the alerts.

The migrants' page ("sending 200 from Italy to Nigeria") keeps nothing of who asked: no
account, no session, no audit entry, no log line (its path is private, see apps.py), and
never cached, so a shared phone or an information point's browser does not show the next
person where the last one sends money.
"""

from __future__ import annotations

import csv
import re
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.roles import Permission
from waypost.core import vocabularies
from waypost.core.exceptions import ApplicationError
from waypost.core.http import attachment_disposition
from waypost.formats.cells import spreadsheet_safe
from waypost.remittances import selectors, services
from waypost.remittances.models import CORRIDOR_TARGET, GLOBAL_TARGET
from waypost.remittances.rpw import parse_period

SEND_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?remittances/send/")
AMOUNT = 200  # RPW's first amount: the cost of sending USD 200

# HXL hashtags (https://hxlstandard.org/standard/dictionary/): the sending and receiving
# countries as origin and destination, costs as percentage indicators.
HXL_COLUMNS = (
    ("Period", "period", "#date+quarter"),
    ("Sending country", "from", "#country+code+origin"),
    ("Receiving country", "to", "#country+code+dest"),
    ("Average total cost of sending USD 200 (%)", "average_200", "#indicator+cost+usd200+pct"),
    ("Average total cost of sending USD 500 (%)", "average_500", "#indicator+cost+usd500+pct"),
    ("Three cheapest services, USD 200 (%)", "smart_200", "#indicator+cost+smart+pct"),
    ("Services priced", "services", "#indicator+services+num"),
    ("Above 5%", "above_5", "#indicator+above5"),
)


def _period(request: HttpRequest) -> str | None:
    period = parse_period(request.GET.get("period", ""))
    return period if period in selectors.periods() else None


def _bars(rows: list[dict[str, Any]], value: str = "average_200") -> list[dict[str, Any]]:
    peak = max([CORRIDOR_TARGET, *(max(0.0, row[value] or 0.0) for row in rows)])
    return [{**row, "width": 100 * max(0.0, row[value] or 0.0) / peak} for row in rows]


def trend_chart(points: list[dict[str, Any]], value: str = "average_200") -> dict[str, Any]:
    """Columns of a quarterly series in a 100 x 40 box, with the 3% and 5% lines."""
    height = 40.0
    peak = max([CORRIDOR_TARGET + 1, *((point[value] or 0.0) for point in points)])
    count = max(1, len(points))
    slot = 100 / count
    columns = []
    for number, point in enumerate(points):
        cost = max(0.0, point[value] or 0.0)
        tall = height * cost / peak
        columns.append(
            {
                **point,
                "x": number * slot + slot * 0.15,
                "y": height - tall,
                "width": slot * 0.7,
                "middle": number * slot + slot / 2,
                "height": tall,
                "above": cost > CORRIDOR_TARGET,
            }
        )
    return {
        "columns": columns,
        "target_5": height - height * CORRIDOR_TARGET / peak,
        "target_3": height - height * GLOBAL_TARGET / peak,
        "height": height,
        "view_height": height + 8,
        "label_y": height + 5,
    }


def _export(rows: list[dict[str, Any]], fmt: str, period: str | None) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment_disposition(
        f"remittance-corridors-{period or 'none'}{'-hxl' if fmt == 'hxl' else ''}.csv"
    )
    writer = csv.writer(response)
    writer.writerow([name for name, _key, _tag in HXL_COLUMNS])
    if fmt == "hxl":
        writer.writerow([tag for _name, _key, tag in HXL_COLUMNS])
    for row in rows:
        writer.writerow(
            [
                spreadsheet_safe("" if row[key] is None else str(row[key]))
                for _name, key, _tag in HXL_COLUMNS
            ]
        )
    return response


def statistics(request: HttpRequest) -> HttpResponse:
    """SDG 10.c.1 and the costs behind it: public, the same figures as the command and API."""
    period = _period(request) or selectors.latest_period()
    corridors = selectors.corridors(period=period, trend=False)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "hxl"):
        return _export(corridors, fmt, period)
    trend = selectors.global_trend()
    above = sorted(
        (row for row in corridors if row["above_5"]), key=lambda row: -row["average_200"]
    )
    breakdowns = {
        by: _bars(selectors.breakdown(by, period))
        for by in ("source", "destination", "firm_type", "instrument")
    }
    return render(
        request,
        "remittances/statistics.html",
        {
            "period": period,
            "periods": selectors.periods(),
            "sdg": selectors.sdg_10_c_1(period),
            "corridor_count": len(corridors),
            "trend": trend,
            "trend_chart": trend_chart(trend, "global_average_200"),
            "above": _bars(above),
            "cheapest_corridors": sorted(
                (row for row in corridors if row["smart_200"] is not None),
                key=lambda row: row["smart_200"],
            )[:10],
            "breakdowns": breakdowns,
            "target_5": CORRIDOR_TARGET,
            "target_3": GLOBAL_TARGET,
        },
    )


class CorridorForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("From"), choices=())
    destination = forms.ChoiceField(label=gettext_lazy("To"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources, destinations = selectors.corridor_countries()
        cast(forms.ChoiceField, self.fields["source"]).choices = vocabularies.choices(
            "core.country", sources
        )
        cast(forms.ChoiceField, self.fields["destination"]).choices = vocabularies.choices(
            "core.country", destinations
        )


@never_cache
def send(request: HttpRequest) -> HttpResponse:
    """For migrants: the cheapest ways to send 200 US dollars home, in their language."""
    form = CorridorForm(request.GET if "source" in request.GET else None)
    context: dict[str, Any] = {"form": form, "amount": AMOUNT}
    if form.is_bound and form.is_valid():
        source, destination = form.cleaned_data["source"], form.cleaned_data["destination"]
        services_ = selectors.cheapest_services(source=source, destination=destination)
        corridor = selectors.corridors(source=source, destination=destination)
        trend = corridor[0]["trend"] if corridor else []
        context.update(
            {
                "source": source,
                "destination": destination,
                "services": [
                    {
                        "service": service,
                        "cost": AMOUNT * service.cc1_total_cost / 100,
                        "receives": AMOUNT - AMOUNT * service.cc1_total_cost / 100,
                        "instruments": [
                            part.strip()
                            for part in service.payment_instrument.split(",")
                            if part.strip()
                        ],
                        "pickup": [
                            part.strip()
                            for part in service.pickup_method.split(",")
                            if part.strip()
                        ],
                    }
                    for service in services_
                ],
                "service_period": services_[0].period if services_ else None,
                "corridor": corridor[0] if corridor else None,
                "trend": trend,
                "trend_chart": trend_chart(trend),
            }
        )
    response = render(request, "remittances/send.html", context)
    response["Referrer-Policy"] = "no-referrer"
    return response


class WatchForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Sending country"), required=False, choices=())
    destination = forms.ChoiceField(
        label=gettext_lazy("Receiving country"), required=False, choices=()
    )
    rise_points = forms.FloatField(
        label=gettext_lazy("Alert when the average rises by more than (percentage points)"),
        min_value=0.01,
        max_value=100,
        initial=1.0,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources, destinations = selectors.corridor_countries()
        every = [("", _("Any country"))]
        cast(forms.ChoiceField, self.fields["source"]).choices = every + vocabularies.choices(
            "core.country", sources
        )
        cast(forms.ChoiceField, self.fields["destination"]).choices = every + vocabularies.choices(
            "core.country", destinations
        )


@role_required(Permission.VIEW_STATISTICS)
def alerts(request: HttpRequest) -> HttpResponse:
    """The corridors an organisation watches and the alerts raised; its admins set them."""
    user: User = request.user  # type: ignore[assignment]
    organisation = user.organisation
    if organisation is None:
        raise PermissionDenied
    may_manage = user.has_role_permission(Permission.MANAGE_MEMBERS)
    form = WatchForm(request.POST if request.method == "POST" and may_manage else None)
    if request.method == "POST" and may_manage:
        try:
            if "remove" in request.POST:
                services.corridor_watch_remove(
                    actor=user,
                    organisation=organisation,
                    watch_id=int(request.POST.get("remove") or 0),
                )
                messages.success(request, _("The alert was removed."))
                return redirect("remittances:alerts")
            if form.is_valid():
                services.corridor_watch_set(
                    actor=user,
                    organisation=organisation,
                    source_code=form.cleaned_data["source"],
                    destination_code=form.cleaned_data["destination"],
                    rise_points=form.cleaned_data["rise_points"],
                )
                messages.success(request, _("The alert was set."))
                return redirect("remittances:alerts")
        except (ApplicationError, ValueError) as error:
            form.add_error(None, getattr(error, "message", _("Not a valid choice.")))
    return render(
        request,
        "remittances/alerts.html",
        {
            "form": form,
            "may_manage": may_manage,
            "watches": selectors.watches_of(organisation.pk),
            "alerts": selectors.alerts_of(organisation.pk)[:200],
        },
    )
