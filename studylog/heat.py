"""The shades of a calendar of writing days, by words written (pure: the year in review draws them in
Markdown and the app in its calendar; the app's first frame uses it, so it imports nothing)."""

from __future__ import annotations

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HEAT = "·░▒▓█"


def heat_level(words: int) -> str:
    if words <= 0:
        return HEAT[0]
    if words < 300:
        return HEAT[1]
    if words < 700:
        return HEAT[2]
    if words < 1200:
        return HEAT[3]
    return HEAT[4]
