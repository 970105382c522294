"""Refusing an oversized upload before it is read whole."""

from django.conf import settings
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler

# Room for the multipart framing and the small fields beside the two files.
MULTIPART_OVERHEAD = 64 * 1024


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Streams each upload to disk and stops the request as soon as one file passes the limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large: str | None = None

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.REPORT_UPLOAD_MAX_BYTES:
            self.too_large = self.field_name
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def declared_too_large(request) -> bool:
    """The body the client announces cannot hold two files within the limit: refuse unread."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return declared > 2 * settings.REPORT_UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD


def limit_uploads(request) -> LimitedUploadHandler:
    """Install the limiting handler; call before request.FILES is read."""
    handler = LimitedUploadHandler(request)
    request.upload_handlers = [handler]
    return handler
