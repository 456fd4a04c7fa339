"""The record fields' Chinese names and masked values, for the screens (see boostdesk.labels)."""

from boostdesk.labels import ACTION_ZH, FIELD_ZH, mask_card, mask_id, show_value

__all__ = ["ACTION_ZH", "FIELD_ZH", "mask_card", "mask_id", "show_value"]
