"""The inspection report as PDF (reportlab; Chinese through its built-in STSong-Light CID font)."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from .models import Inspection

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16)
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=15, leading=22, spaceAfter=6)
SUBHEADING = ParagraphStyle("subheading", parent=BODY, fontSize=12, leading=18, spaceBefore=8)


def _p(text, style=BODY) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def inspection_report_pdf(inspection: Inspection) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                                 title=f"Inspection {inspection.pk}")
    story = [
        _p(_("Inspection report"), HEADING),
        _p(f"{inspection.target.name} ({inspection.target.code})"),
        _p(f"{inspection.get_type_display()} · {inspection.get_trigger_display()} · {inspection.get_state_display()}"),
        _p(inspection.scope),
        Spacer(1, 6 * mm),
    ]
    for number, finding in enumerate(inspection.findings.prefetch_related("provisions"), start=1):
        story += [
            _p(f"{_('Finding')} {number}: {finding.rule} ({finding.get_severity_display()})", SUBHEADING),
            *[_p(f"{_('Provision')}: {provision.citation} {provision.title}") for provision in finding.provisions.all()],
            _p(finding.description),
            _p(f"{_('Required remedy')}: {finding.required_remedy}"),
            _p(f"{_('Answer')}: {finding.answer or '—'}"),
        ]
    if not inspection.findings.exists():
        story.append(_p(_("No finding.")))
    document.build(story)
    return buffer.getvalue()
