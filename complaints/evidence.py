"""Checking evidence files by what they contain, never by their names."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 5


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


def sniff(head: bytes) -> Kind | None:
    """The file's kind from its first bytes: images, audio recordings and PDF only."""
    if head.startswith(b"\xff\xd8\xff"):
        return Kind("image/jpeg", ".jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind("image/png", ".png")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return Kind("image/gif", ".gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Kind("image/webp", ".webp")
    if head.startswith(b"%PDF-"):
        return Kind("application/pdf", ".pdf")
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return Kind("audio/mpeg", ".mp3")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Kind("audio/wav", ".wav")
    if head[4:8] == b"ftyp" and head[8:11] in (b"M4A", b"mp4", b"iso", b"3gp"):
        return Kind("audio/mp4", ".m4a")
    if head.startswith(b"#!AMR"):
        return Kind("audio/amr", ".amr")
    if head.startswith(b"OggS"):
        return Kind("audio/ogg", ".ogg")
    return None


def check_evidence(upload) -> Kind:
    """The kind of an uploaded file, or ValueError with a message for the complainant."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValueError(_("“%(name)s” is larger than 10 MB.") % {"name": upload.name[:80]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValueError(
            _("“%(name)s” is not an image, an audio recording or a PDF file.") % {"name": upload.name[:80]}
        )
    return kind
