"""Reflection question inventory (placeholder until the reflection issue lands)."""


def store_inventory(assistant, prepared) -> None:
    return None
