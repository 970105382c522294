"""Taxonomy version 2: CFPB rows imported under version 1 are re-mapped from their kept issue and sub-issue.

Only rows whose categories are still what the version 1 import gave them, and that no person has triaged, are
changed: a category a supervisor chose stays. The tables are frozen here as they were, so later changes to the
import do not change what this migration did.
"""

from django.db import migrations
from django.db.models import Count

V1_SUB_ISSUES = {
    "frequent or repeated calls": "excessive_frequency", "frequent or repeated messages": "excessive_frequency",
    "called before 8am or after 9pm": "quiet_hours", "contacted before 8am or after 9pm": "quiet_hours",
    "used obscene, profane, or other abusive language": "threats_insults",
    "you told them to stop contacting you, but they keep trying": "excessive_frequency",
    "talked to a third-party about your debt": "third_party_harassment",
    "contacted your employer": "third_party_harassment",
    "contacted you after you asked them to stop": "excessive_frequency",
    "impersonated attorney, law enforcement, or government official": "impersonation",
    "indicated you were committing crime by not paying debt": "impersonation",
    "threatened to arrest you or take you to jail if you do not pay": "threats_insults",
    "debt was paid": "post_settlement", "debt is not yours": "other", "debt was result of identity theft": "other",
}
V1_ISSUES = {"improper contact or sharing of info": "third_party_harassment",
             "took or threatened to take negative or legal action": "threats_insults"}

V2_SUB_ISSUES = {
    ("", "frequent or repeated calls"): "excessive_frequency", ("", "frequent or repeated messages"): "excessive_frequency",
    ("", "called before 8am or after 9pm"): "quiet_hours", ("", "contacted before 8am or after 9pm"): "quiet_hours",
    ("", "used obscene, profane, or other abusive language"): "threats_insults",
    ("", "used obscene/profane/abusive language"): "threats_insults",
    ("", "you told them to stop contacting you, but they keep trying"): "excessive_frequency",
    ("", "called after sent written cease of comm"): "excessive_frequency",
    ("", "talked to a third-party about your debt"): "third_party_harassment",
    ("", "contacted your employer"): "third_party_harassment",
    ("", "contacted you after you asked them to stop"): "excessive_frequency",
    ("", "impersonated attorney, law enforcement, or government official"): "impersonation",
    ("", "indicated you were committing crime by not paying debt"): "impersonation",
    ("attempts to collect debt not owed", "debt was paid"): "post_settlement",
    ("cont'd attempts collect debt not owed", "debt was paid"): "post_settlement",
    ("false statements or representation", "attempted to collect wrong amount"): "disputed_debt",
}
V2_ISSUES = {
    "took or threatened to take negative or legal action": "threats_insults",
    "attempts to collect debt not owed": "disputed_debt", "cont'd attempts collect debt not owed": "disputed_debt",
    "written notification about debt": "debt_information", "disclosure verification of debt": "debt_information",
    "improper contact or sharing of info": "third_party_harassment",
}


def v1(issue: str, sub_issue: str) -> str:
    return V1_SUB_ISSUES.get(sub_issue) or V1_ISSUES.get(issue) or "other"


def v2(issue: str, sub_issue: str) -> str:
    return V2_SUB_ISSUES.get((issue, sub_issue)) or V2_SUB_ISSUES.get(("", sub_issue)) or V2_ISSUES.get(issue) or "other"


def remap(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintCategory = apps.get_model("complaints", "ComplaintCategory")
    triaged_by_people = Complaint.objects.filter(source="cfpb", events__by__isnull=False).values("pk")
    candidates = Complaint.objects.filter(source="cfpb").exclude(pk__in=triaged_by_people)
    changes: dict[tuple[str, str], list[int]] = {}
    for pk, detail in candidates.values_list("pk", "source_detail").iterator(chunk_size=5000):
        issue = (detail or {}).get("Issue", "").strip().lower()
        sub_issue = (detail or {}).get("Sub-issue", "").strip().lower()
        before, after = v1(issue, sub_issue), v2(issue, sub_issue)
        if before != after:
            changes.setdefault((before, after), []).append(pk)
    for (before, after), pks in changes.items():
        for start in range(0, len(pks), 5000):
            chunk = pks[start:start + 5000]
            # Only complaints whose one category is still the import's version 1 choice.
            untouched = (ComplaintCategory.objects.filter(complaint_id__in=chunk).values("complaint_id")
                         .annotate(n=Count("pk")).filter(n=1)
                         .values("complaint_id"))
            ComplaintCategory.objects.filter(complaint_id__in=untouched, code=before).update(code=after)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0003_taxonomy_v2")]
    operations = [migrations.RunPython(remap, migrations.RunPython.noop)]
