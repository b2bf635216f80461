"""Writing an uploaded file to its storage, all or nothing."""

import logging
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

logger = logging.getLogger("newcitizen.files")


def storage_failed_error() -> ValidationError:
    return ValidationError(
        _(
            "The file could not be stored on the server (its storage is full or not writable). Nothing was saved: "
            "try again later, and tell the system administrator if it happens again."
        ),
        code="storage_failed",
    )


def file_store(*, field_file: FieldFile, name: str, content) -> None:
    """Save ``content`` into ``field_file``'s storage under a name its field makes from ``name``.

    When the storage refuses (read-only, full, no permission) whatever part was written is removed, so no empty or
    truncated file stays behind, and a ValidationError with code ``storage_failed`` says so in the user's language.
    """
    storage, field = field_file.storage, field_file.field
    target = storage.get_available_name(field.generate_filename(field_file.instance, name), max_length=field.max_length)
    try:
        field_file.name = storage.save(target, content, max_length=field.max_length)
    except OSError as error:
        logger.error("could not store %s: %s", target, error)
        try:
            if storage.exists(target):
                storage.delete(target)
        except OSError:  # the storage may refuse the clean-up too; the original failure is what matters
            logger.exception("could not remove the partial file %s", target)
        raise storage_failed_error() from error
    field_file._committed = True


@contextmanager
def file_stored(*, field_file: FieldFile, name: str, content):
    """Store the file, then run the block that saves its row; if the block fails, the file goes again."""
    file_store(field_file=field_file, name=name, content=content)
    try:
        yield
    except BaseException:
        field_file.delete(save=False)
        raise
