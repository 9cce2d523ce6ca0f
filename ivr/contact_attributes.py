"""Reading a contact's attributes back from Connect (``GetContactAttributes``: ``InstanceId``,
``InitialContactId`` -> ``Attributes``). The bundled flow sets the contact attribute ``result_code`` on every
exit it takes itself, so a contact that ended with that attribute was ended by the flow, not by a hang-up.
Only ``result_code`` is used; attributes are never logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.errors import DependencyError
from scanners.aws import error_name

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


class ContactAttributes:
    """``reader(instance_id, initial_contact_id) -> attributes``; a failure is a ``DependencyError`` (code only)."""

    def __init__(self, connect: ConnectClient) -> None:
        self._connect = connect

    def __repr__(self) -> str:
        return "ContactAttributes()"

    def __call__(self, instance_id: str, initial_contact_id: str) -> dict[str, str]:
        try:
            found = self._connect.get_contact_attributes(InstanceId=instance_id, InitialContactId=initial_contact_id)
        except Exception as exc:  # botocore ClientError, endpoint and timeout errors
            raise DependencyError(f"connect GetContactAttributes: {error_name(exc)}") from exc
        return {str(k): str(v) for k, v in (found.get("Attributes") or {}).items()}
