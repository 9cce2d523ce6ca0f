"""S3 archive storage classes: objects that cannot be read until restored are reported, never silently skipped.

Glacier Flexible Retrieval and Deep Archive show in the listing's ``StorageClass``; Intelligent-Tiering's opt-in
Archive Access and Deep Archive Access tiers only in HeadObject's ``ArchiveStatus``. A restored copy (HeadObject
``Restore: ongoing-request="false"``) is readable and scanned as usual. Glacier Instant Retrieval is readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

NOT_A_SOURCE = "archive storage classes of the S3 source (restore needed)"

_FLEXIBLE = "restore it first (RestoreObject: Expedited 1-5 min, Standard 3-5 h, Bulk 5-12 h)"
_DEEP = "restore it first (RestoreObject: Standard within 12 h, Bulk within 48 h)"
TIERS = {
    "GLACIER": f"archived in S3 Glacier Flexible Retrieval: not examined; {_FLEXIBLE}",
    "DEEP_ARCHIVE": f"archived in S3 Glacier Deep Archive: not examined; {_DEEP}",
    "ARCHIVE_ACCESS": f"in the S3 Intelligent-Tiering Archive Access tier: not examined; {_FLEXIBLE}",
    "DEEP_ARCHIVE_ACCESS": f"in the S3 Intelligent-Tiering Deep Archive Access tier: not examined; {_DEEP}",
}


def archive_reason(client: S3Client, bucket: str, obj: dict[str, Any], args: dict[str, Any]) -> str | None:
    """Why the listed object ``obj`` cannot be read now (archived, restore under way), or None when it can."""
    storage = obj.get("StorageClass")
    if storage not in ("GLACIER", "DEEP_ARCHIVE", "INTELLIGENT_TIERING"):
        return None
    head = client.head_object(**args)  # retried by botocore (one retry layer)
    tier = head.get("ArchiveStatus") if storage == "INTELLIGENT_TIERING" else storage
    if tier not in TIERS:
        return None
    restore = str(head.get("Restore") or "")
    if 'ongoing-request="false"' in restore:
        return None  # a restored copy is readable until its expiry date
    if 'ongoing-request="true"' in restore:
        return f"{TIERS[tier].split(':')[0]}: restore in progress, not examined yet"
    return TIERS[tier]
