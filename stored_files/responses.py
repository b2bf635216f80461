"""Serving a stored file as a download."""

import logging

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.shortcuts import render

logger = logging.getLogger("newcitizen.files")


def stored_file_download(request, field_file: FieldFile, *, filename: str, content_type: str) -> HttpResponse:
    """The file as an attachment; a 404 page that says the document is missing when the storage no longer has it."""
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError:
        logger.error("stored file missing: %s (%s)", field_file.name, request.path)
        return render(request, "stored_files/missing.html", status=404)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
