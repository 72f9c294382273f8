"""Checks of the legal-education ledgers (domain.md §2.3).

Each administrative village should have at least three 法律明白人 (the 乡村“法律明白人”培养工程
target); the indicators count villages against TARGET_PER_VILLAGE."""

TARGET_PER_VILLAGE = 3
