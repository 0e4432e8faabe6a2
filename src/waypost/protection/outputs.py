"""Every way data leaves Waypost, and the visibility check each one goes through.

Each page and API route (by its URL name) and each command (``waypost <command> <action>``)
is listed with the check that decides what it may show. A test walks the URL resolver and
the commands and fails for anything not listed here, so a new output cannot skip the
question; another requests every route as organisations that must not see a marked
record (no agreement; law enforcement and border authorities past the firewall) and
checks the record appears nowhere (``protection/tests/test_outputs.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Check(StrEnum):
    # Carries other organisations' records (a candidate, a file for a partner): each one
    # passes ``access.record_visible_to`` (agreement in force, firewall), after the app's
    # consent rules (tracing: the enquirer's and the found person's).
    RECORD_VISIBLE = "record_visible_to"
    # Personal records of the caller's own organisation only (``access.scoped`` without
    # shared records, or a selector filtering on the caller's organisation).
    OWN_RECORDS = "own_records"
    # Rows of the caller's organisation that hold no other organisation's records: its
    # members, jobs, agreements, audit entries.
    OWN_ORGANISATION = "own_organisation"
    # The signed-in person's own account (sign-in, password, second factor, ``me``).
    SELF = "self"
    # A reporter's own report, reached only with the receipt the reporter alone holds.
    RECEIPT = "receipt"
    # Counts only, small counts suppressed by the app's own rule (reporting, screening),
    # prices of firms (remittances), or figures of the caller's organisation (training).
    STATISTICS = "statistics"
    # Counts published under the one disclosure-control policy (``waypost.statistics``:
    # primary and secondary suppression checked by linear programmes, k per deployment):
    # the public statistics dashboard, the SDG 10.7.3 API and the statistical releases.
    DISCLOSURE_CONTROL = "disclosure_control"
    # Nothing personal: the incident register, forms, the schema, health.
    NO_PERSONAL_DATA = "no_personal_data"
    # The server's operator, who holds the database and the master key: the command
    # prints no record, or only to that operator.
    OPERATOR = "operator"


@dataclass(frozen=True)
class Output:
    check: Check
    via: str  # the selector or service that applies the check


C = Check

PAGES_AND_API: dict[str, Output] = {
    # core, accounts
    "healthz": Output(C.NO_PERSONAL_DATA, "jobs.selectors.queue_health"),
    "set_language": Output(C.NO_PERSONAL_DATA, "a redirect"),
    "schema": Output(C.NO_PERSONAL_DATA, "the OpenAPI document"),
    "api-docs": Output(C.NO_PERSONAL_DATA, "the OpenAPI viewer"),
    "favicon": Output(C.NO_PERSONAL_DATA, "a redirect to the site's icon"),
    "core:home": Output(
        C.NO_PERSONAL_DATA, "core.dashboard.shown_cards (counts of own work lists, no record)"
    ),
    "api:me": Output(C.SELF, "request.user"),
    "accounts:login": Output(C.SELF, "django.contrib.auth"),
    "accounts:logout": Output(C.SELF, "django.contrib.auth"),
    "accounts:password_change": Output(C.SELF, "accounts.services.password_change"),
    "accounts:accept_invitation": Output(C.SELF, "the invitation token"),
    "accounts:two_factor": Output(C.SELF, "accounts.two_factor"),
    "accounts:two_factor_recovery": Output(C.SELF, "accounts.services.recovery_code_verify"),
    "accounts:recovery_codes": Output(
        C.SELF, "accounts.services.recovery_codes_generate (own, shown once)"
    ),
    "accounts:passkeys": Output(C.SELF, "accounts.selectors.passkeys_of (the person's own)"),
    "accounts:passkey_remove": Output(C.SELF, "accounts.services.passkey_remove (own)"),
    "accounts:passkey_registration_begin": Output(
        C.SELF, "django-otp-webauthn (own credentials, excluded from a new one)"
    ),
    "accounts:passkey_registration_complete": Output(
        C.SELF, "accounts.services.passkey_registered (own)"
    ),
    "accounts:passkey_authentication_begin": Output(
        C.SELF, "django-otp-webauthn (the signed-in person's credential IDs)"
    ),
    "accounts:passkey_authentication_complete": Output(
        C.SELF, "accounts.services.passkey_verified (own)"
    ),
    "accounts:passkey_catalog": Output(C.NO_PERSONAL_DATA, "the passkey scripts' messages"),
    "accounts:reauthenticate": Output(C.SELF, "accounts.reauth (own password and code)"),
    "accounts:sessions": Output(C.SELF, "accounts.selectors.sessions_of (the person's own)"),
    "accounts:session_end": Output(C.SELF, "accounts.services.session_end (own)"),
    "accounts:member_end_sessions": Output(
        C.OWN_ORGANISATION, "accounts.services.member_sessions_end (same-org admin)"
    ),
    "accounts:tokens": Output(C.SELF, "accounts.selectors.tokens_of (the person's own)"),
    "accounts:token_revoke": Output(C.SELF, "accounts.services.token_revoke_by_id (own)"),
    "accounts:members": Output(C.OWN_ORGANISATION, "accounts.selectors (own organisation)"),
    # The register of organisations (names, kinds, countries): no personal data, for the
    # operator role, as `waypost orgs` for the server's operator.
    "accounts:organisations": Output(C.NO_PERSONAL_DATA, "accounts.selectors.organisations_all"),
    "accounts:organisation_create": Output(
        C.NO_PERSONAL_DATA, "accounts.services.organisation_create"
    ),
    "accounts:organisation_edit": Output(
        C.NO_PERSONAL_DATA, "accounts.services.organisation_update"
    ),
    "accounts:invite": Output(C.OWN_ORGANISATION, "accounts.services.member_invite"),
    "accounts:change_role": Output(C.OWN_ORGANISATION, "accounts.services (same-org admin)"),
    "accounts:set_active": Output(C.OWN_ORGANISATION, "accounts.services (same-org admin)"),
    "accounts:reset_two_factor": Output(C.OWN_ORGANISATION, "accounts.services (same-org admin)"),
    # jobs
    "jobs:list": Output(C.OWN_ORGANISATION, "jobs.selectors.jobs_visible_to"),
    "jobs:detail": Output(C.OWN_ORGANISATION, "jobs.selectors.job_get"),
    "api:job-detail": Output(C.OWN_ORGANISATION, "jobs.selectors.job_get"),
    # protection
    "protection:audit": Output(C.OWN_ORGANISATION, "protection.selectors.audit_entries"),
    "protection:agreements": Output(C.OWN_ORGANISATION, "protection.selectors.agreements_of"),
    "protection:agreement_action": Output(C.OWN_ORGANISATION, "protection.services"),
    # tracing
    "tracing:missing": Output(
        C.OWN_RECORDS, "tracing.selectors.records_visible_to (records_search within it)"
    ),
    "tracing:found": Output(
        C.OWN_RECORDS, "tracing.selectors.records_visible_to (records_search within it)"
    ),
    "tracing:remains": Output(
        C.OWN_RECORDS, "tracing.selectors.records_visible_to (records_search within it)"
    ),
    "tracing:list": Output(
        C.OWN_RECORDS, "tracing.selectors.records_visible_to (records_search within it)"
    ),
    "tracing:create": Output(C.OWN_RECORDS, "tracing.services.record_create"),
    "tracing:detail": Output(
        C.RECORD_VISIBLE, "tracing.selectors.record_get, candidates_for_report (candidate_visible)"
    ),
    "tracing:export": Output(
        C.RECORD_VISIBLE, "protection.rights.person_export (tracing.selectors.candidate_disclosed)"
    ),
    "tracing:erase": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:contact": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:consents": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:photo_add": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:antemortem": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:postmortem": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:photo": Output(C.OWN_RECORDS, "tracing.selectors.photo_get"),
    "tracing:review": Output(
        C.RECORD_VISIBLE, "tracing.selectors.review_queue (candidate_visible)"
    ),
    "tracing:candidate": Output(C.RECORD_VISIBLE, "tracing.selectors.candidate_get"),
    "tracing:notification": Output(C.RECORD_VISIBLE, "tracing.selectors.candidate_get"),
    "tracing:dna_result": Output(C.RECORD_VISIBLE, "tracing.selectors.candidate_get"),
    "tracing:identification_report": Output(
        C.RECORD_VISIBLE, "tracing.selectors.identification_report (candidate_get)"
    ),
    "api:missing-persons": Output(C.OWN_RECORDS, "tracing.selectors.records_visible_to"),
    "api:missing-person": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "api:found-persons": Output(C.OWN_RECORDS, "tracing.selectors.records_visible_to"),
    "api:found-person": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "api:remains-list": Output(C.OWN_RECORDS, "tracing.selectors.records_visible_to"),
    "api:remains": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "api:missing-person-candidates": Output(
        C.RECORD_VISIBLE, "tracing.selectors.candidates_for_report (candidate_visible)"
    ),
    # screening and referral: own records; a referral also to the organisation it was
    # sent to, which reads only the fields shared, while the consent holds (firewall at
    # creation: enforcement never receives concerns, health data or a child)
    "api:screenings": Output(C.OWN_RECORDS, "screening.selectors.screenings_visible_to"),
    "api:screening": Output(C.OWN_RECORDS, "screening.selectors.screening_get"),
    "api:concerns": Output(C.NO_PERSONAL_DATA, "screening.selectors.concerns_of"),
    "api:concern": Output(C.OWN_ORGANISATION, "screening.services.concern_set"),
    "api:services": Output(C.NO_PERSONAL_DATA, "screening.selectors.services_visible_to"),
    "api:service": Output(C.NO_PERSONAL_DATA, "screening.selectors.service_get"),
    "api:referrals": Output(
        C.RECORD_VISIBLE, "screening.selectors.referrals_for (referral_fields_for)"
    ),
    "api:referral": Output(
        C.RECORD_VISIBLE, "screening.selectors.referral_get (referral_fields_for)"
    ),
    "api:referral-step": Output(
        C.RECORD_VISIBLE, "screening.selectors.referral_get, screening.services.referral_step"
    ),
    "api:referral-step-slash": Output(
        C.RECORD_VISIBLE, "screening.selectors.referral_get, screening.services.referral_step"
    ),
    # a transfer: its envelope to both parties; the case itself only to its owner
    "api:transfers": Output(
        C.RECORD_VISIBLE, "screening.selectors.transfers_for (transfer_output), person_get"
    ),
    "api:transfer": Output(C.RECORD_VISIBLE, "screening.selectors.transfer_get (transfer_output)"),
    "api:transfer-step": Output(
        C.RECORD_VISIBLE, "screening.selectors.transfer_get, screening.services.transfer_step"
    ),
    "api:age-assessments": Output(C.OWN_RECORDS, "screening.services.age_assessment_save"),
    "api:age-assessment": Output(C.OWN_RECORDS, "screening.selectors.age_assessment_get"),
    "screening:list": Output(C.OWN_RECORDS, "screening.selectors.screenings_visible_to"),
    "screening:create": Output(C.OWN_RECORDS, "screening.services.screening_create"),
    "screening:detail": Output(C.OWN_RECORDS, "screening.selectors.screening_get"),
    "screening:rescreen": Output(C.OWN_RECORDS, "screening.selectors.screening_get"),
    "screening:refer": Output(
        C.OWN_RECORDS, "screening.selectors.screening_get, screening.services.referral_create"
    ),
    "screening:tracing_link": Output(
        C.OWN_RECORDS, "screening.services.screening_link_tracing (tracing.selectors.record_get)"
    ),
    "screening:referrals": Output(C.RECORD_VISIBLE, "screening.selectors.referrals_for"),
    "screening:referral": Output(
        C.RECORD_VISIBLE, "screening.selectors.referral_get (referral_fields_for)"
    ),
    "screening:referral_step": Output(
        C.RECORD_VISIBLE, "screening.selectors.referral_get, screening.services.referral_step"
    ),
    "screening:transfer_create": Output(
        C.OWN_RECORDS, "screening.selectors.screening_get, screening.services.transfer_request"
    ),
    "screening:transfers": Output(C.RECORD_VISIBLE, "screening.selectors.transfers_for"),
    "screening:transfer": Output(
        C.RECORD_VISIBLE, "screening.selectors.transfer_get (transfer_output)"
    ),
    "screening:transfer_step": Output(
        C.RECORD_VISIBLE, "screening.selectors.transfer_get, screening.services.transfer_step"
    ),
    "screening:concerns": Output(C.OWN_ORGANISATION, "screening.selectors.concerns_of"),
    "screening:concern_create": Output(C.OWN_ORGANISATION, "screening.services.concern_set"),
    "screening:concern": Output(C.OWN_ORGANISATION, "screening.services.concern_set"),
    "screening:services": Output(C.NO_PERSONAL_DATA, "screening.selectors.services_visible_to"),
    "screening:service_create": Output(C.NO_PERSONAL_DATA, "screening.services.service_create"),
    "screening:service_publish": Output(C.NO_PERSONAL_DATA, "screening.services.service_update"),
    "screening:children": Output(C.OWN_RECORDS, "screening.selectors.children_of"),
    "screening:child": Output(C.OWN_RECORDS, "screening.selectors.person_get"),
    "screening:bia": Output(C.OWN_RECORDS, "screening.selectors.person_get"),
    "screening:bia_decide": Output(C.OWN_RECORDS, "screening.selectors.bia_get"),
    "screening:bid": Output(C.OWN_RECORDS, "screening.selectors.person_get"),
    "screening:guardian": Output(C.OWN_RECORDS, "screening.selectors.person_get"),
    "screening:age": Output(C.OWN_RECORDS, "screening.selectors.person_get"),
    # detention: own records; a consulate also sees its nationals who asked it be told,
    # identity, place and dates only (detention.selectors.detentions_visible_to).
    "api:detentions": Output(C.RECORD_VISIBLE, "detention.selectors.detentions_visible_to"),
    "api:detention": Output(C.RECORD_VISIBLE, "detention.selectors.detention_get"),
    "api:detention-consular-events": Output(
        C.OWN_RECORDS, "detention.selectors.own_detention_get, detention.services.event_record"
    ),
    "api:detention-transfers": Output(
        C.OWN_RECORDS,
        "detention.selectors.own_detention_get, detention.services.detention_transfer",
    ),
    "api:detention-release": Output(
        C.OWN_RECORDS, "detention.selectors.own_detention_get, detention.services.detention_release"
    ),
    "api:detention-facilities": Output(C.NO_PERSONAL_DATA, "detention.selectors.facilities_all"),
    "api:detention-statistics": Output(
        C.STATISTICS,
        "detention.selectors.statistics_published (own organisation's counts, k-protected; "
        "refused to enforcement and consulates)",
    ),
    "api:consular-rules": Output(C.NO_PERSONAL_DATA, "detention.selectors.consular_rules_all"),
    "api:detention-visits": Output(C.OWN_RECORDS, "detention.selectors.visits_visible_to"),
    "api:detention-visit": Output(C.OWN_RECORDS, "detention.selectors.visit_get"),
    "detention:list": Output(C.RECORD_VISIBLE, "detention.selectors.detentions_visible_to"),
    "detention:create": Output(C.OWN_RECORDS, "detention.services.detention_create"),
    "detention:detail": Output(C.RECORD_VISIBLE, "detention.selectors.detention_get"),
    "detention:edit": Output(
        C.OWN_RECORDS, "detention.selectors.own_detention_get, detention.services.detention_update"
    ),
    "detention:event": Output(C.OWN_RECORDS, "detention.selectors.own_detention_get"),
    "detention:transfer": Output(C.OWN_RECORDS, "detention.selectors.own_detention_get"),
    "detention:release": Output(C.OWN_RECORDS, "detention.selectors.own_detention_get"),
    "detention:review": Output(
        C.OWN_RECORDS, "detention.selectors.own_detention_get, detention.services.review_add"
    ),
    "detention:alternative": Output(
        C.OWN_RECORDS, "detention.selectors.own_detention_get, detention.services.alternative_add"
    ),
    "detention:own_file": Output(C.OWN_RECORDS, "detention.selectors.own_detention_get"),
    "detention:children": Output(C.OWN_RECORDS, "detention.selectors.children_detained"),
    "detention:overdue": Output(C.OWN_RECORDS, "detention.selectors.consular_overdue"),
    "detention:facilities": Output(
        C.OWN_RECORDS, "detention.selectors.facilities_all, own_completeness (counts)"
    ),
    "detention:visits": Output(C.OWN_RECORDS, "detention.selectors.visits_visible_to"),
    "detention:visit_create": Output(C.OWN_RECORDS, "detention.services.visit_create"),
    "detention:visit": Output(C.OWN_RECORDS, "detention.selectors.visit_get"),
    "detention:recommendation_follow_up": Output(
        C.OWN_RECORDS, "detention.selectors.recommendation_get"
    ),
    "detention:statistics": Output(
        C.STATISTICS, "detention.selectors.statistics (own organisation's counts)"
    ),
    "screening:statistics": Output(
        C.STATISTICS, "screening.selectors.screening_statistics (own organisation)"
    ),
    "api:remains-candidates": Output(
        C.RECORD_VISIBLE, "tracing.selectors.candidates_for_record (candidate_visible)"
    ),
    "api:found-person-candidates": Output(
        C.RECORD_VISIBLE, "tracing.selectors.candidates_for_record (candidate_visible)"
    ),
    "api:candidate": Output(C.RECORD_VISIBLE, "tracing.selectors.candidate_get"),
    "api:candidate-reviews": Output(C.RECORD_VISIBLE, "tracing.selectors.candidate_get"),
    "api:candidate-identification-report": Output(
        C.RECORD_VISIBLE, "tracing.selectors.identification_report (candidate_get)"
    ),
    "tracing:caseload": Output(C.OWN_RECORDS, "tracing.selectors.caseload"),
    "tracing:overdue": Output(C.OWN_RECORDS, "tracing.selectors.overdue"),
    "tracing:duplicates": Output(C.OWN_RECORDS, "tracing.selectors.duplicates_list"),
    "tracing:duplicate_dismiss": Output(C.OWN_RECORDS, "tracing.selectors.duplicate_get"),
    "tracing:edit": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:close": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:reopen": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:merge": Output(C.OWN_RECORDS, "tracing.selectors.record_get (both reports)"),
    "tracing:schedule": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:referral_add": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:referral_answer": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:found_consents": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "tracing:found_message": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "api:missing-person-close": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "api:missing-person-reopen": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "api:missing-person-merge": Output(
        C.OWN_RECORDS, "tracing.selectors.record_get (both reports)"
    ),
    "api:missing-person-duplicates": Output(
        C.OWN_RECORDS, "tracing.selectors.duplicates_for_report (own organisation's pairs)"
    ),
    "api:found-person-consents": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    "api:found-person-consent": Output(C.OWN_RECORDS, "tracing.selectors.record_get"),
    # confidential reporting: reports belong to the organisation they were sent to
    "reporting:start": Output(C.RECEIPT, "reporting.services.report_submit"),
    "reporting:start_simple": Output(C.RECEIPT, "reporting.services.report_submit"),
    "reporting:follow_up": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "reporting:status": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "reporting:reply": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "reporting:evidence": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "reporting:leave": Output(C.RECEIPT, "the follow-up session"),
    "api:report-create": Output(C.RECEIPT, "reporting.services.report_submit"),
    "api:report-status": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "api:report-reply": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "api:report-evidence": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "api:report-recipients": Output(
        C.NO_PERSONAL_DATA, "reporting.selectors.recipients_for_country"
    ),
    "reporting:statistics": Output(C.STATISTICS, "reporting.selectors.report_statistics"),
    "api:report-statistics": Output(C.STATISTICS, "reporting.selectors.report_statistics"),
    "reporting:inbox": Output(C.OWN_RECORDS, "reporting.selectors.reports_for_handler"),
    "reporting:detail": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "reporting:message": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "reporting:triage": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "reporting:outcome": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "reporting:identity_request": Output(
        C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"
    ),
    "reporting:attachment": Output(C.OWN_RECORDS, "reporting.selectors.attachment_get_for_handler"),
    "reporting:document": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "reporting:document_add": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "reporting:disclosures": Output(C.OWN_RECORDS, "reporting.selectors.disclosures_pending"),
    "reporting:overdue": Output(C.OWN_RECORDS, "reporting.selectors.reports_for_handler"),
    "reporting:assign": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "reporting:acknowledge": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "reporting:handling_add": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "reporting:referral_step": Output(
        C.OWN_RECORDS, "reporting.selectors.referral_package (after the reporter's consent)"
    ),
    "reporting:referral_consent": Output(C.RECEIPT, "the follow-up cookie (after the receipt)"),
    "reporting:transfer_consent": Output(C.RECEIPT, "the follow-up cookie (after the receipt)"),
    "reporting:disclosure_decide": Output(C.OWN_RECORDS, "reporting.selectors.disclosure_get"),
    "api:report-list": Output(C.OWN_RECORDS, "reporting.selectors.reports_for_handler"),
    "api:report-detail": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "api:report-message": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "api:report-triage": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "api:report-assign": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "api:report-acknowledge": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    # A transfer moves the report to the receiver (firewall checked by recipient_check).
    "api:report-transfer": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "api:report-referrals": Output(C.OWN_RECORDS, "reporting.selectors.report_handling"),
    "api:report-referral-package": Output(
        C.OWN_RECORDS, "reporting.selectors.referral_package (after the reporter's consent)"
    ),
    "api:report-referral-sent": Output(
        C.OWN_RECORDS, "reporting.selectors.referral_get_for_handler"
    ),
    "api:report-referral-responses": Output(
        C.OWN_RECORDS, "reporting.selectors.referral_get_for_handler"
    ),
    "api:report-risk": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "api:report-measures": Output(C.OWN_RECORDS, "reporting.selectors.report_get_for_handler"),
    "api:report-referral-consent": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "api:report-transfer-consent": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "api:report-safe-contact": Output(C.RECEIPT, "reporting.selectors.report_for_receipt"),
    "api:body-list": Output(C.NO_PERSONAL_DATA, "reporting.selectors.bodies_list"),
    # events several reports describe: the organisation's own, never past the firewall
    "reporting:events": Output(C.OWN_RECORDS, "reporting.selectors.shared_events_for_handler"),
    "reporting:event": Output(C.OWN_RECORDS, "reporting.selectors.shared_event_get_for_handler"),
    "reporting:event_link": Output(
        C.OWN_RECORDS, "reporting.selectors.report_for_link, shared_event_get_for_change"
    ),
    "reporting:event_unlink": Output(
        C.OWN_RECORDS, "reporting.selectors.shared_event_get_for_change, report_for_link"
    ),
    "api:report-events": Output(
        C.OWN_RECORDS, "reporting.selectors.shared_events_for_handler, report_for_link"
    ),
    "api:report-event": Output(C.OWN_RECORDS, "reporting.selectors.shared_event_get_for_handler"),
    "api:report-event-reports": Output(
        C.OWN_RECORDS, "reporting.selectors.shared_event_get_for_change, report_for_link"
    ),
    "api:report-event-unlink": Output(
        C.OWN_RECORDS, "reporting.selectors.shared_event_get_for_change, report_for_link"
    ),
    # incidents: counts, places and dates of the register, no personal data
    "incidents:list": Output(C.NO_PERSONAL_DATA, "incidents.selectors.incidents_filtered"),
    "incidents:statistics": Output(
        C.DISCLOSURE_CONTROL,
        "releases.selectors.sdg_published, sdg_breakdown_published, forecasts_shown",
    ),
    "incidents:statistics_points": Output(
        C.STATISTICS, "incidents.selectors.incident_points (ids only with incidents.view)"
    ),
    "incidents:create": Output(C.NO_PERSONAL_DATA, "incidents.services"),
    "incidents:edit": Output(C.NO_PERSONAL_DATA, "incidents.services"),
    "incidents:detail": Output(C.NO_PERSONAL_DATA, "incidents.models.Incident"),
    "incidents:review": Output(C.NO_PERSONAL_DATA, "incidents.selectors.review_queue"),
    "incidents:duplicates": Output(C.NO_PERSONAL_DATA, "incidents.selectors.duplicate_pairs"),
    "incidents:import": Output(C.NO_PERSONAL_DATA, "incidents.services (a job)"),
    "api:incidents": Output(C.NO_PERSONAL_DATA, "incidents.selectors.incidents_filtered"),
    "api:stats-sdg-10-7-3": Output(C.DISCLOSURE_CONTROL, "releases.selectors.sdg_published"),
    "api:stats-sdg-10-7-3-breakdown": Output(
        C.DISCLOSURE_CONTROL, "releases.selectors.sdg_breakdown_published"
    ),
    # remittances: public prices of firms (World Bank RPW), no personal data
    "remittances:statistics": Output(C.STATISTICS, "remittances.selectors (averages)"),
    "remittances:send": Output(C.NO_PERSONAL_DATA, "remittances.selectors.cheapest_services"),
    "remittances:alerts": Output(
        C.OWN_ORGANISATION, "remittances.selectors.watches_of / alerts_of (own organisation)"
    ),
    "api:remittances-corridors": Output(C.STATISTICS, "remittances.selectors.corridors"),
    "api:remittances-sdg-10-c-1": Output(C.STATISTICS, "remittances.selectors.sdg_10_c_1"),
    "api:remittances-breakdown": Output(C.STATISTICS, "remittances.selectors.breakdown"),
    "api:remittances-services": Output(
        C.NO_PERSONAL_DATA, "remittances.selectors.cheapest_services"
    ),
    # training: pseudonymous staff codes of the caller's organisation; the public check of
    # a certificate shows the course, post and dates, never the person's code, rank or sex
    "training:index": Output(C.OWN_ORGANISATION, "training.selectors.sessions_of / indicators"),
    "training:verify": Output(C.NO_PERSONAL_DATA, "training.selectors.certificate_verify"),
    "training:certificate": Output(
        C.OWN_ORGANISATION, "training.views.certificate (the session's organisation)"
    ),
    "training:session_new": Output(C.OWN_ORGANISATION, "training.services.session_create"),
    "training:session": Output(
        C.OWN_ORGANISATION, "training.selectors.session_of (the caller's organisation)"
    ),
    "training:quiz": Output(
        C.OWN_ORGANISATION, "training.selectors.session_of / services.quiz_attempt_record"
    ),
    "api:training-sessions": Output(C.OWN_ORGANISATION, "training.services.session_create"),
    "api:training-session-results": Output(
        C.OWN_ORGANISATION, "training.services.session_results_record (own sessions)"
    ),
    "api:training-quiz": Output(
        C.OWN_ORGANISATION, "training.selectors.session_of (own sessions; no answers)"
    ),
    "api:training-attempts": Output(
        C.OWN_ORGANISATION, "training.services.quiz_attempt_record (own sessions)"
    ),
    "api:training-indicators": Output(
        C.STATISTICS,
        "training.selectors.indicators (own posts; complaints: "
        "reporting.selectors.complaints_against_authority, suppressed counts)",
    ),
    # info: published public information (points, articles, the services providers
    # publish, moderated feedback without author); the team's own drafts; counts of
    # questions without contacts (a keyed hash only), past the firewall
    "info:index": Output(C.NO_PERSONAL_DATA, "info.selectors (published only)"),
    "info:articles": Output(C.NO_PERSONAL_DATA, "info.selectors.articles_published"),
    "info:article": Output(C.NO_PERSONAL_DATA, "info.selectors.article_public"),
    "info:services": Output(C.NO_PERSONAL_DATA, "info.selectors.services_search"),
    "info:service": Output(
        C.NO_PERSONAL_DATA, "info.selectors.service_public / feedback_published"
    ),
    "info:points": Output(C.NO_PERSONAL_DATA, "info.selectors.points_public"),
    "info:point": Output(C.NO_PERSONAL_DATA, "info.selectors.point_public"),
    "info:poster": Output(C.NO_PERSONAL_DATA, "info.selectors.point_public"),
    "info:poster_pdf": Output(C.NO_PERSONAL_DATA, "info.selectors.point_public"),
    "info:service_worker": Output(C.NO_PERSONAL_DATA, "info.selectors (published addresses)"),
    "info:manifest": Output(C.NO_PERSONAL_DATA, "the web app manifest"),
    "info:manage": Output(
        C.OWN_ORGANISATION, "info.selectors.articles_of / points_of / feedback_to_moderate"
    ),
    "info:article_step": Output(C.OWN_ORGANISATION, "info.services.article_step (own)"),
    "info:point_new": Output(C.OWN_ORGANISATION, "info.services.point_create"),
    "info:article_new": Output(C.OWN_ORGANISATION, "info.services.article_create"),
    "info:article_text": Output(C.OWN_ORGANISATION, "info.selectors.article_of (own)"),
    "info:feedback_moderate": Output(
        C.NO_PERSONAL_DATA, "info.services.feedback_moderate (firewall; not the provider)"
    ),
    "api:info-services": Output(C.NO_PERSONAL_DATA, "info.selectors.services_search"),
    "api:info-articles": Output(C.NO_PERSONAL_DATA, "info.selectors.articles_published"),
    "api:info-points": Output(C.NO_PERSONAL_DATA, "info.selectors.points_public"),
    "api:info-webhook": Output(C.NO_PERSONAL_DATA, "info.channels.reply (URN hashed)"),
    "api:info-export": Output(C.NO_PERSONAL_DATA, "info.exports (published only)"),
    "api:info-counts": Output(C.STATISTICS, "info.selectors.question_counts (firewall)"),
    # releases: tables under disclosure control (waypost.statistics), each one logged
    "api:stats-releases": Output(C.DISCLOSURE_CONTROL, "releases.services.release_publish"),
    # forecasts: model outputs, not counts; the months only where the backtest beat the
    # seasonal naive forecast by 20%; never to law-enforcement or border organisations
    "api:stats-forecasts": Output(C.STATISTICS, "releases.selectors.forecast_published"),
    # the log: what was released, for whom (a person's name only to their organisation)
    "releases:log": Output(C.OWN_ORGANISATION, "releases.views.release_log (_for_whom)"),
}

COMMANDS: dict[str, Output] = {
    "tracing export-pfif": Output(
        C.RECORD_VISIBLE, "tracing.exchange.export_pfif (tracing.selectors.record_disclosable)"
    ),
    "tracing import": Output(C.OPERATOR, "counts of what was imported"),
    "tracing import-pfif": Output(C.OPERATOR, "counts of what was imported"),
    "tracing reindex": Output(C.OPERATOR, "counts of records indexed and candidates scored"),
    "referrals overdue": Output(
        C.OPERATOR, "screening.selectors.referrals_overdue (ids, parties and clocks)"
    ),
    "tracing verify-report": Output(
        C.OPERATOR, "tracing.identification.verify_file: the signed content of a file given"
    ),
    "tracing remind": Output(
        C.OPERATOR, "tracing.services.reminders_send (counts; mails name no one)"
    ),
    "detention facilities": Output(C.NO_PERSONAL_DATA, "detention.services (counts)"),
    "detention completeness": Output(
        C.OPERATOR, "detention.selectors.completeness (record ids and item codes)"
    ),
    "consular rules": Output(C.NO_PERSONAL_DATA, "detention.services (counts)"),
    "import_data mmp": Output(C.NO_PERSONAL_DATA, "incidents.services (counts)"),
    "stats sdg-10-7-3": Output(
        C.DISCLOSURE_CONTROL, "releases.selectors.sdg_published, sdg_breakdown_published"
    ),
    "stats release": Output(C.DISCLOSURE_CONTROL, "releases.services.release_publish"),
    "forecast incidents": Output(C.STATISTICS, "releases.services.incidents_forecast"),
    "forecast screenings": Output(
        C.OPERATOR, "releases.services.screenings_forecast (one organisation's monthly counts)"
    ),
    "bench incidents": Output(C.NO_PERSONAL_DATA, "timings"),
    "bench mmp-exports": Output(C.NO_PERSONAL_DATA, "timings and incident counts"),
    "bench load": Output(
        C.NO_PERSONAL_DATA, "timings and counts of a throw-away server's requests"
    ),
    "remittances import": Output(C.NO_PERSONAL_DATA, "remittances.services (counts)"),
    "remittances sdg-10-c-1": Output(C.STATISTICS, "remittances.selectors.sdg_10_c_1"),
    "remittances corridors": Output(C.STATISTICS, "remittances.selectors.corridors"),
    "remittances watch": Output(C.OPERATOR, "remittances.services.corridor_watch_set"),
    "remittances alerts": Output(
        C.OPERATOR, "remittances.services.alerts_raise (corridor figures, organisations)"
    ),
    "training post": Output(C.OPERATOR, "training.services.post_set"),
    "training record": Output(
        C.OPERATOR, "training.services.session_create / session_results_record (counts)"
    ),
    "reports channel": Output(C.NO_PERSONAL_DATA, "reporting.services.channel_set"),
    "reports expire": Output(C.NO_PERSONAL_DATA, "counts"),
    "reports bench": Output(C.NO_PERSONAL_DATA, "timings"),
    "reports overdue": Output(C.OPERATOR, "reporting.selectors.reports_overdue (codes only)"),
    "reports bodies": Output(C.NO_PERSONAL_DATA, "reporting.selectors.bodies_list"),
    "audit verify": Output(C.OPERATOR, "protection.audit.verify (counts)"),
    "audit checkpoint": Output(C.OPERATOR, "protection.witness (the signed head: size and hash)"),
    "audit public-key": Output(C.NO_PERSONAL_DATA, "protection.witness (the checkpoint key)"),
    "keys rotate": Output(C.OPERATOR, "protection.rotation (counts)"),
    "retention apply": Output(C.OPERATOR, "protection.retention (counts)"),
    "retention hold": Output(C.OPERATOR, "protection.services.legal_hold_set"),
    "sharing grant": Output(C.OPERATOR, "protection.services.agreement_grant"),
    "sharing revoke": Output(C.OPERATOR, "protection.services.agreement_revoke"),
    "sharing list": Output(C.OPERATOR, "agreements (organisations, categories)"),
    "orgs create": Output(C.OPERATOR, "accounts.services.organisation_create"),
    "orgs list": Output(C.OPERATOR, "organisations"),
    "users create": Output(C.OPERATOR, "accounts.services.user_create"),
    "users list": Output(C.OPERATOR, "people and roles"),
    "tokens create": Output(C.OPERATOR, "the new token, once"),
    "tokens revoke": Output(C.OPERATOR, "accounts.services.token_revoke"),
    "tokens list": Output(C.OPERATOR, "accounts.selectors.tokens_of (names, never values)"),
    "demo": Output(C.NO_PERSONAL_DATA, "invented demo data and its logins"),
    "serve": Output(C.OPERATOR, "the pages and API above"),
    "worker": Output(C.OPERATOR, "jobs, whose output is listed above (jobs:detail)"),
    "runperiodic": Output(C.OPERATOR, "jobs.periodic (counts)"),
    "migrate": Output(C.OPERATOR, "Django's migrate"),
    "manage": Output(C.OPERATOR, "any Django command, for the operator"),
    "match": Output(C.NO_PERSONAL_DATA, "matching engine on the operator's files, no database"),
}

# The public statistics dashboard and the APIs and commands that give its numbers: each
# must pass the disclosure rules (``protection/tests/test_outputs.py`` checks the list and
# requests each one with a table holding a small cell). The interactive map's points are
# the register's incidents one by one (as IOM's Missing Migrants Project publishes them),
# not a table: each incident's own count, listed here as the one exception.
PUBLIC_STATISTICS: tuple[str, ...] = (
    "incidents:statistics",
    "api:stats-sdg-10-7-3",
    "api:stats-sdg-10-7-3-breakdown",
    "api:stats-releases",
    "stats sdg-10-7-3",
    "stats release",
)
NOT_TABLES: tuple[str, ...] = ("incidents:statistics_points",)
