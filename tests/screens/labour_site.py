"""The labour screens' test data: the demo's 六赛 competition (api/labour_demo.py: eight teams
in three units, January and February verified, March open) on a database of its own, with
the organiser, a viewer and the three unit reporters as logins of precomputed passwords."""

from __future__ import annotations

from tests.api.conftest import run_on
from tests.factories.logins import add_logins

LOGINS = {"org": "organiser", "watcher": "viewer", "reporter1": "employee", "reporter2": "employee", "reporter3": "employee"}
OWN = ("T-A", "T-D", "T-E")  # reporter1's unit U01 (炼钢厂)
OTHERS = ("T-B", "T-C", "T-F", "T-G", "T-H")
MARCH = {"output": 1080, "cost": 505000, "quality": 99.2, "safety": 0, "discipline": 0}


def seed_labour_site(url: str) -> None:
    """The logins first (so the seed hashes no password), then the demo competition."""
    from api.labour_demo import seed_labour

    run_on(url, lambda session: add_logins(session, LOGINS))
    run_on(url, seed_labour)


def liusai_body() -> dict:
    """examples/liusai.toml as a JSON body for `POST /labour`."""
    import msgspec

    from contests.labour.definition import encode_labour
    from contests.labour.presets import load_preset

    return msgspec.json.decode(encode_labour(load_preset("liusai"), "json"))
