"""The register: schema, records, queries. No Qt here."""

from .campaign import CITY, DISTRICT, Campaign, Tier, plan_2022
from .records import PATENT, PROJECT, PatentApplication, ProjectApplication
from .register import Register, RegisterError

__all__ = [
    "CITY", "DISTRICT", "PATENT", "PROJECT", "Campaign", "PatentApplication",
    "ProjectApplication", "Register", "RegisterError", "Tier", "plan_2022",
]
