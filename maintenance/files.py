"""The uploaded documents a backup must hold beside the rows: every file a project model's FileField names.

Found generically (any FileField of any project model, read and written through the field's own storage), so a
document kind added later is in the backup without a change here.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.files.base import File
from django.db import models


@dataclass(frozen=True)
class StoredFile:
    model: str  # "filings.PlanFiling"
    field: str
    name: str  # the name in the field's storage, as the row holds it

    def storage(self):
        return apps.get_model(self.model)._meta.get_field(self.field).storage


def file_fields(models_: Iterator[type[models.Model]]) -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in models_:
        if model._meta.proxy:  # a proxy's rows are its concrete model's
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def stored_files(models_: Iterator[type[models.Model]]) -> Iterator[StoredFile]:
    """Every file the rows of ``models_`` refer to, each once."""
    seen = set()
    for model, field in file_fields(models_):
        names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True).distinct()
        for name in names.order_by(field.name).iterator():
            if name and (model, field.name, name) not in seen:
                seen.add((model, field.name, name))
                yield StoredFile(model._meta.label, field.name, name)


def file_put(*, stored: StoredFile, content: File) -> None:
    """Write ``content`` under exactly the name the row refers to, replacing whatever holds that name."""
    storage = stored.storage()
    if storage.exists(stored.name):
        storage.delete(stored.name)
    saved = storage.save(stored.name, content)
    if saved != stored.name:
        storage.delete(saved)
        raise OSError(f"the storage kept {stored.name} as {saved}")
