"""The bundled labour-competition presets (examples/liusai.toml, examples/ankangbei.toml),
read as package data so an installed wheel has them too (contests/examples links to the
top-level examples/ folder users read)."""

from __future__ import annotations

from importlib import resources

from contests.labour.definition import LabourCompetition, decode_labour

PRESETS = {"liusai": "liusai.toml", "ankangbei": "ankangbei.toml"}


def load_preset(name: str) -> LabourCompetition:
    """A preset by name: "liusai" (六赛, monthly) or "ankangbei" (安康杯, quarterly)."""
    if name not in PRESETS:
        raise KeyError(f"unknown preset {name!r} (known: {', '.join(PRESETS)})")
    return decode_labour((resources.files("contests") / "examples" / PRESETS[name]).read_text(encoding="utf-8"), "toml")


__all__ = ["PRESETS", "load_preset"]
