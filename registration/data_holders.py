"""The other apps that keep personal data about an account register here, so that a delegate's
download holds everything and deleting an account erases everything, without this app importing
them (they depend on it, never the reverse)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DataHolder:
    """`export(user=)` returns JSON-ready data, stored under `name` in the download.
    `erase(user=, registration_ids=)` runs inside the deletion's transaction, after the
    account's registrations were cancelled and before they are anonymised and the account
    deleted: it removes what tells who the person was, keeping what aggregate counts need."""

    name: str
    export: Callable[..., list | dict]
    erase: Callable[..., None] | None = None


_HOLDERS: dict[str, DataHolder] = {}


def data_holder_register(holder: DataHolder) -> None:
    _HOLDERS[holder.name] = holder


def data_holders() -> list[DataHolder]:
    return sorted(_HOLDERS.values(), key=lambda holder: holder.name)
