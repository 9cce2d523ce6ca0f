"""Masking rules for every card-data type: at most first six and last four of a PAN, nothing of CVV or expiry."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")


def mask_pan(digits: str) -> str:
    """First six and last four of a 13-19 digit PAN; shorter input is fully masked."""
    if len(digits) < 13:
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def mask_track(track: str) -> str:
    """A track with its PAN masked and every other digit hidden."""
    m = re.search(r"\d{13,19}", track)
    if not m:
        return _DIGITS.sub("*", track)
    head = _DIGITS.sub("*", track[: m.start()])
    tail = _DIGITS.sub("*", track[m.end() :])
    tail = re.sub(r"[A-Za-z ]", "*", tail)  # cardholder name in track 1
    return head + mask_pan(m.group()) + tail


def mask_credential(secret: str) -> str:
    """Keep a recognisable prefix (at most 4 characters, e.g. ``AKIA`` or ``sk_l``), hide the rest."""
    keep = min(4, len(secret) // 4)
    return secret[:keep] + "*" * max(8, len(secret) - keep)


def mask(kind: str, value: str) -> str:
    if kind == "pan":
        return mask_pan(value)
    if kind == "track":
        return mask_track(value)
    if kind == "credential":
        return mask_credential(value)
    if kind == "expiry":
        return "**/**"
    return "*" * max(3, len(value)) if kind == "cvv" else "*" * len(value)
