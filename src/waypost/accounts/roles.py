"""Organisation kinds, roles, and what each role may do.

Permissions follow roles, never individual grants, so that an auditor can read in one
place who may see what. Least privilege: an organisation admin manages people and
agreements but does not read case files; an analyst sees only figures.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
    FORENSIC = "forensic", _("Forensic service")
    NHRI = "nhri", _("National human rights institution")
    # An independent office that takes complaints about public bodies (national, regional
    # or specialised, e.g. the European Ombudsman). One accredited as the country's NHRI
    # registers as NHRI; the others need their own kind so that reporters, who choose a
    # recipient by its kind, do not see them as a "civil authority".
    OMBUDSPERSON = "ombudsperson", _("Ombudsperson")
    CIVIL_AUTHORITY = "civil-authority", _("Civil authority")
    CONSULATE = "consulate", _("Consulate")
    LAW_ENFORCEMENT = "law-enforcement", _("Law enforcement")
    BORDER_AUTHORITY = "border-authority", _("Border authority")


# The firewall (ECRI GPR 16): these kinds never receive what migrants give to seek help.
ENFORCEMENT_KINDS = frozenset({OrganisationKind.LAW_ENFORCEMENT, OrganisationKind.BORDER_AUTHORITY})


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    CASEWORKER = "caseworker", _("Caseworker")
    FORENSIC = "forensic", _("Forensic specialist")
    REVIEWER = "reviewer", _("Reviewer")
    ANALYST = "analyst", _("Analyst")
    OPERATOR = "operator", _("Operator")
    AUDITOR = "auditor", _("Auditor")


class Permission(StrEnum):
    # The organisations of the installation (all of them), as `waypost orgs` does.
    MANAGE_ORGANISATIONS = "organisations.manage"
    MANAGE_MEMBERS = "members.manage"
    MANAGE_SHARING = "sharing.manage"
    VIEW_PERSONAL_DATA = "personal_data.view"
    EDIT_CASES = "cases.edit"
    REVIEW_CANDIDATES = "candidates.review"
    CONFIRM_FORENSIC = "identification.confirm_forensic"
    VIEW_INCIDENTS = "incidents.view"
    EDIT_INCIDENTS = "incidents.edit"
    REVIEW_INCIDENTS = "incidents.review"
    VIEW_STATISTICS = "statistics.view"
    HANDLE_REPORTS = "reports.handle"
    APPROVE_IDENTITY_DISCLOSURE = "reports.approve_identity"
    # Approve best-interests assessments of children and override a missing consent to a
    # referral (with a reason, audited): the supervisor of child protection work.
    SUPERVISE_PROTECTION = "protection.supervise"
    VIEW_AUDIT = "audit.view"
    RUN_OPERATIONS = "operations.run"


P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {
            P.MANAGE_MEMBERS,
            P.MANAGE_SHARING,
            P.APPROVE_IDENTITY_DISCLOSURE,
            P.VIEW_INCIDENTS,
            P.VIEW_STATISTICS,
        }
    ),
    Role.CASEWORKER: frozenset(
        {
            P.VIEW_PERSONAL_DATA,
            P.EDIT_CASES,
            P.REVIEW_CANDIDATES,
            P.VIEW_INCIDENTS,
            P.EDIT_INCIDENTS,
            P.HANDLE_REPORTS,
            P.VIEW_STATISTICS,
        }
    ),
    Role.FORENSIC: frozenset(
        {
            P.VIEW_PERSONAL_DATA,
            P.EDIT_CASES,
            P.REVIEW_CANDIDATES,
            P.CONFIRM_FORENSIC,
            P.VIEW_INCIDENTS,
            P.EDIT_INCIDENTS,
            P.VIEW_STATISTICS,
        }
    ),
    Role.REVIEWER: frozenset(
        {
            P.VIEW_PERSONAL_DATA,
            P.REVIEW_CANDIDATES,
            P.VIEW_INCIDENTS,
            P.EDIT_INCIDENTS,
            P.REVIEW_INCIDENTS,
            P.SUPERVISE_PROTECTION,
            P.VIEW_STATISTICS,
        }
    ),
    Role.ANALYST: frozenset({P.VIEW_INCIDENTS, P.VIEW_STATISTICS}),
    # The operator runs the installation: imports, jobs, and the register of organisations
    # that the `waypost orgs` command manages on the server.
    Role.OPERATOR: frozenset(
        {
            P.MANAGE_ORGANISATIONS,
            P.RUN_OPERATIONS,
            P.VIEW_INCIDENTS,
            P.EDIT_INCIDENTS,
            P.VIEW_STATISTICS,
        }
    ),
    Role.AUDITOR: frozenset({P.VIEW_AUDIT, P.VIEW_STATISTICS}),
}

# Roles that see personal data must use a second factor (docs/security/asvs.md).
ROLES_REQUIRING_TWO_FACTOR = frozenset(
    role
    for role, perms in ROLE_PERMISSIONS.items()
    if P.VIEW_PERSONAL_DATA in perms
    or P.HANDLE_REPORTS in perms
    or P.APPROVE_IDENTITY_DISCLOSURE in perms
    or P.VIEW_AUDIT in perms
    or P.MANAGE_ORGANISATIONS in perms
)


def role_has(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
