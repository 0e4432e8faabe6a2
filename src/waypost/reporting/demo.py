"""Demo: the human rights commission and the NGO receive reports; a few at various stages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from waypost.reporting import services
from waypost.reporting.models import Report

if TYPE_CHECKING:
    from waypost.demo import DemoContext

REPORTS: list[dict[str, Any]] = [
    {
        "org": "nhri",
        "language": "ar",
        "country": "TUN",
        "what_happened": "كنا أربعين شخصاً في قارب خشبي. اقترب منا زورق الحرس البحري ليلاً، أخذوا المحرك وتركونا في البحر لساعات. غرق رجل من غينيا.",
        "where": "قبالة سواحل صفاقس",
        "when": "2025-02",
        "harmed": ["me", "others"],
        "harmed_count": 40,
        "perpetrator": "authority",
        "messages": [
            ("handler", "شكراً لك. هل يمكنك أن تخبرنا كم ساعة بقيتم في البحر ومن أنقذكم؟"),
            ("reporter", "حوالي سبع ساعات. أنقذنا صيادون من الشابة."),
        ],
        "event": {
            "title": "Engine removed from a boat at sea off Sfax; one death",
            "country": "TUN",
            "start_date": "2025-02",
            "acts": [
                ("collective-expulsion", "authority", "border-guard"),
                ("death", "authority", "border-guard"),
            ],
            "referral": "Public Prosecutor, Sfax Court of First Instance",
        },
        "status": "referred",
        "outcome": "acknowledged",
    },
    {
        "org": "nhri",
        "language": "fr",
        "country": "LBY",
        "what_happened": "Au centre de détention, les gardiens demandent 500 dinars pour nous libérer. Ceux qui ne paient pas sont frappés chaque soir.",
        "where": "Centre de détention de Zawiya",
        "when": "2024-11",
        "harmed": ["me", "others"],
        "perpetrator": "authority",
        "messages": [
            ("handler", "Êtes-vous encore détenu ? Pouvez-vous nous contacter sans danger ?")
        ],
        "status": "in-review",
        "priority": "urgent",
    },
    {
        "org": "nhri",
        "language": "en",
        "country": "TUN",
        "what_happened": "We picked olives for six weeks near Sfax. The farm owner kept our passports and paid nothing. When we asked, he threatened to call the police.",
        "where": "Olive farm on the road to Agareb",
        "when": "2024-12",
        "harmed": ["me", "others"],
        "harmed_count": 12,
        "perpetrator": "employer",
        "event": {
            "title": "Unpaid olive harvest and confiscated passports, Agareb",
            "country": "TUN",
            "start_date": "2024-11",
            "acts": [("labour-exploitation", "employer", "")],
            "referral": "Labour Inspectorate, Sfax",
        },
        "status": "referred",
        "outcome": "investigation-opened",
        "kept": True,
    },
    {
        "org": "tracing-ngo",
        "language": "fr",
        "country": "NER",
        "what_happened": "Le passeur nous a laissés dans le désert après Séguédine et a exigé encore de l'argent par téléphone à nos familles.",
        "where": "Après Séguédine, route de la Libye",
        "when": "2025-01",
        "harmed": ["me", "family"],
        "perpetrator": "smuggler",
        "identity": ("Moussa D.", "WhatsApp through his cousin in Agadez"),
        "messages": [("reporter", "Mon frère est toujours bloqué là-bas. Pouvez-vous aider ?")],
        "status": "in-review",
        "disclosure": "To arrange a safe call and refer the family to the IOM transit centre.",
    },
    {
        "org": "tracing-ngo",
        "language": "es",
        "country": "NER",
        "what_happened": "En el puesto de control nos negaron agua y atención médica a una mujer embarazada durante dos días.",
        "where": "Puesto de control de Assamaka",
        "when": "2024-09",
        "harmed": ["others"],
        "perpetrator": "authority",
        "event": {
            "title": "Water and medical care refused at a checkpoint, Assamaka",
            "country": "NER",
            "start_date": "2024-09",
            "acts": [("denial-of-assistance", "authority", "border-guard")],
            "referral": "Médiateur de la République du Niger",
        },
        "status": "closed",
        "outcome": "closed",
    },
]


def load(context: DemoContext) -> None:
    organisations = context.organisations
    handlers = {"nhri": context.users["nhri"], "tracing-ngo": context.users["caseworker"]}
    services.channel_set(
        actor=None,
        organisation=organisations["nhri"],
        accepts_reports=True,
        countries=["TUN", "LBY"],
    )
    services.channel_set(
        actor=None,
        organisation=organisations["tracing-ngo"],
        accepts_reports=True,
        countries=["NER", "LBY"],
    )
    if Report.objects.filter(
        organisation__in=[organisations["nhri"], organisations["tracing-ngo"]]
    ).exists():
        return
    first_receipt = ""
    for item in REPORTS:
        organisation = organisations[item["org"]]
        handler = handlers[item["org"]]
        name, contact = item.get("identity", ("", ""))
        report, receipt = services.report_submit(
            submission=services.Submission(
                recipient_slug=organisation.slug,
                what_happened=item["what_happened"],
                where=item["where"],
                when=item["when"],
                language=item["language"],
                country=item["country"],
                harmed=item.get("harmed", []),
                harmed_count=item.get("harmed_count"),
                perpetrator=item["perpetrator"],
                identity_name=name,
                identity_contact=contact,
            )
        )
        first_receipt = first_receipt or receipt
        for sender, body in item.get("messages", []):
            if sender == "handler":
                services.handler_message_add(actor=handler, report=report, body=body)
            else:
                services.reporter_message_add(report=report, body=body)
        event = item.get("event")
        if event:
            services.event_save(
                actor=handler,
                report=report,
                title=event["title"],
                country=event["country"],
                start_date=event["start_date"],
            )
            victim = services.victim_add(
                actor=handler,
                report=report,
                label="Group A",
                sex="unknown",
                age_group="adult",
                count=item.get("harmed_count") or 1,
            )
            for violation, category, authority_kind in event["acts"]:
                perpetrator = services.perpetrator_add(
                    actor=handler, report=report, category=category, authority_kind=authority_kind
                )
                services.act_add(
                    actor=handler,
                    report=report,
                    violation_type=violation,
                    victim_id=victim.pk,
                    perpetrator_id=perpetrator.pk,
                    date=event["start_date"],
                )
            services.source_add(actor=handler, report=report, kind="reporter", reliability="medium")
            services.intervention_add(
                actor=handler,
                report=report,
                kind="referral",
                body=event["referral"],
                date=event["start_date"],
                status="sent",
            )
        services.report_triage(
            actor=handler,
            report=report,
            status=item["status"],
            priority=item.get("priority", "normal"),
            kept_for_case=item.get("kept", False),
        )
        if item.get("outcome"):
            services.report_outcome_set(actor=handler, report=report, outcome=item["outcome"])
        if item.get("disclosure"):
            services.disclosure_request(actor=handler, report=report, reason=item["disclosure"])
    context.progress(
        f"Reporting: {len(REPORTS)} demo reports; follow one up at /en/report/follow-up/ "
        f"with the receipt {first_receipt}"
    )
