"""Placeholder for lesson 9 (training dynamics and debugging)."""

__all__: list[str] = []
