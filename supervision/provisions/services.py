"""Loading the provisions library from its versioned data file."""

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

DATA = Path(__file__).resolve().parent / "data"
PROVISION_FIELDS = ("source", "clause", "title_zh", "title_en", "excerpt_zh", "excerpt_en", "effective_from",
                    "effective_to")


def provisions_load(*, path: Path, provision_model=None, mapping_model=None, profile_model=None) -> dict[str, int]:
    """Upsert the file's provisions by code and add its mappings for the profiles it names (all or nothing).

    Editing done by supervisors to a provision's texts is overwritten only for the codes the file carries;
    mappings are only ever added. The models may be a migration's historical ones.
    """
    from supervision.rules.models import RuleProfile

    from .models import Provision, ProvisionMapping

    Provision = provision_model or Provision
    ProvisionMapping = mapping_model or ProvisionMapping
    RuleProfile = profile_model or RuleProfile
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {"provisions": 0, "mappings": 0}
    with transaction.atomic():
        by_code = {}
        for entry in data["provisions"]:
            fields = {name: entry.get(name, "") for name in PROVISION_FIELDS}
            for name in ("effective_from", "effective_to"):
                fields[name] = dt.date.fromisoformat(fields[name]) if fields[name] else None
            by_code[entry["code"]], _ = Provision.objects.update_or_create(code=entry["code"], defaults=fields)
            counts["provisions"] += 1
        for profile_name, subjects in data.get("mappings", {}).items():
            for profile in RuleProfile.objects.filter(name=profile_name):  # every version of the named profile
                for subject_kind, codes in subjects.items():
                    for subject, provisions in codes.items():
                        for code in provisions:
                            _, created = ProvisionMapping.objects.get_or_create(
                                profile=profile, subject_kind=subject_kind, subject=subject, provision=by_code[code])
                            counts["mappings"] += created
    return counts
