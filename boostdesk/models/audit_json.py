"""The audit trail's JSON documents, written fast: an import writes ten thousand
application create events, and json's encoder costs about twice what spelling each
document out does (tests/test_import_speed.py holds the two texts equal)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from .record_rows import FIELD_NAMES
from .records import PatentApplication, ProjectApplication, StudioAward, as_dict


def iso_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()  # as as_dict writes dates
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _encoder() -> Callable[[Any], str]:
    """json.dumps(value, ensure_ascii=False) with as_dict's dates.

    ``JSONEncoder.encode`` builds its C encoder afresh for every document; one built
    here once (as ``iterencode`` builds it: same separators, same string encoder)
    also keeps the keys it has encoded, which every audit document of a batch
    shares: ≈ 1.5 µs of the ≈ 6 µs each of an import's 20,000 documents. No
    circular-reference bookkeeping: audit documents are flat dicts of records.
    """
    plain = json.JSONEncoder(ensure_ascii=False, default=iso_default)
    make = getattr(json.encoder, "c_make_encoder", None)  # private: not in the stubs
    if make is None:  # no C accelerator: the plain encoder
        return plain.encode
    fast = make(None, iso_default, json.encoder.encode_basestring, None, plain.key_separator,
                plain.item_separator, False, False, True)

    def encode(value: Any) -> str:
        return "".join(fast(value, 0))

    return encode


ENCODE = _encoder()


def to_json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else ENCODE(value)


# -- an application's create event, written out ----------------------------------
# An import writes ten thousand of them. json's C encoder costs ≈ 5 µs each (a key, a
# separator and a type test per field); spelling the document out around
# json.encoder.encode_basestring, the function the encoder itself calls for strings,
# costs ≈ 3 µs. Any value of a type the record does not declare (a bool where an int
# belongs, a datetime...) raises TypeError and the document goes through the encoder:
# the text is the encoder's either way (tests/test_import_speed.py).
_text = json.encoder.encode_basestring
_FLAG = {None: "null", True: "true", False: "false"}


def _int(value: Any) -> str:
    if type(value) is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    raise TypeError


def _flag(value: Any) -> str:
    if value is None or type(value) is bool:
        return _FLAG[value]
    raise TypeError


def _day(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is date:
        return f'"{value.isoformat()}"'
    raise TypeError


def _opt_text(value: Any) -> str:
    return "null" if value is None else _text(value)


def _checklist(value: Any) -> str:
    if type(value) is dict:
        return ENCODE(value) if value else "{}"
    raise TypeError


def _patent_json(r: PatentApplication) -> str:
    return (
        f'{{"campaign_year": {_int(r.campaign_year)}, "title": {_text(r.title)}, '
        f'"patent_number_raw": {_text(r.patent_number_raw)}, '
        f'"patent_number": {_opt_text(r.patent_number)}, "grant_date": {_day(r.grant_date)}, '
        f'"inventor_name": {_text(r.inventor_name)}, "id_number": {_text(r.id_number)}, '
        f'"card_number": {_text(r.card_number)}, "phone": {_text(r.phone)}, '
        f'"frontline": {_flag(r.frontline)}, "service_invention": {_flag(r.service_invention)}, '
        f'"applied_in_production": {_flag(r.applied_in_production)}, '
        f'"unit_name": {_text(r.unit_name)}, "enterprise_name": {_text(r.enterprise_name)}, '
        f'"industry": {_text(r.industry)}, "remarks": {_text(r.remarks)}, '
        f'"received_date": {_day(r.received_date)}, "materials": {_checklist(r.materials)}, '
        f'"seq": {_int(r.seq)}, "status": {_text(r.status)}, '
        f'"status_reason": {_text(r.status_reason)}, "award_fen": {_int(r.award_fen)}, '
        f'"approved_date": {_day(r.approved_date)}, "id": {_int(r.id)}, '
        f'"person_id": {_int(r.person_id)}'
    )


def _project_json(r: ProjectApplication) -> str:
    return (
        f'{{"campaign_year": {_int(r.campaign_year)}, "title": {_text(r.title)}, '
        f'"studio_name": {_text(r.studio_name)}, "studio_level": {_opt_text(r.studio_level)}, '
        f'"model_studio": {_flag(r.model_studio)}, "leader": {_text(r.leader)}, '
        f'"unit_name": {_text(r.unit_name)}, "enterprise_name": {_text(r.enterprise_name)}, '
        f'"approval_date": {_day(r.approval_date)}, '
        f'"startup_funds_paid": {_flag(r.startup_funds_paid)}, '
        f'"planned_completion": {_day(r.planned_completion)}, '
        f'"total_budget_fen": {_int(r.total_budget_fen)}, '
        f'"requested_fen": {_int(r.requested_fen)}, "contact_name": {_text(r.contact_name)}, '
        f'"contact_phone": {_text(r.contact_phone)}, "industry": {_text(r.industry)}, '
        f'"remarks": {_text(r.remarks)}, "received_date": {_day(r.received_date)}, '
        f'"materials": {_checklist(r.materials)}, "seq": {_int(r.seq)}, '
        f'"status": {_text(r.status)}, "status_reason": {_text(r.status_reason)}, '
        f'"award_fen": {_int(r.award_fen)}, "approved_date": {_day(r.approved_date)}, '
        f'"accepted_date": {_day(r.accepted_date)}, "id": {_int(r.id)}, '
        f'"studio_id": {_int(r.studio_id)}, "outside_level": {_text(r.outside_level)}'
    )


def person_json(person: dict[str, Any]) -> str:
    """ENCODE of a new person's row as ensure_person audits it (these six keys)."""
    try:
        return (
            f'{{"name": {_text(person["name"])}, "id_number": {_opt_text(person["id_number"])}, '
            f'"card_number": {_text(person["card_number"])}, "phone": {_text(person["phone"])}, '
            f'"frontline": {_int(person["frontline"])}, '
            f'"enterprise_id": {_int(person["enterprise_id"])}}}'
        )
    except TypeError:
        return ENCODE(person)


def created_json(record: PatentApplication | ProjectApplication, source: str = "") -> str:
    """The audit document of an application created from ``source`` (a file, or ""):
    ``json.dumps({**as_dict(record), "source": source}, ensure_ascii=False)``, key for
    key and space for space (``as_dict``'s dates as ISO text; no "source" when "")."""
    try:
        body = _patent_json(record) if isinstance(record, PatentApplication) else (
            _project_json(record))
    except TypeError:
        after = {f: getattr(record, f) for f in FIELD_NAMES[type(record)]}
        if source:
            after["source"] = source
        return ENCODE(after)
    return f'{body}, "source": {_text(source)}}}' if source else body + "}"


def award_doc(award: StudioAward) -> dict[str, Any]:
    """An earlier award's audit document (its row id is the event's entity id)."""
    return {k: v for k, v in as_dict(award).items() if k != "id"}
