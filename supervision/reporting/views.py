from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from supervision.core.exports import csv_response
from supervision.core.months import last_month

from . import selectors, services
from .filters import ReportFilterSet
from .forms import ReportUploadForm
from .ingest.contract import FILES
from .layout import TEMPLATE_NAMES, column_description, template_columns, template_csv, template_xlsx
from .messages import reason_message
from .models import Report
from .uploads import declared_too_large, limit_uploads


def _visible_report(request, pk: int) -> Report:
    return get_object_or_404(Report.objects.visible_to(request.user).select_related("lender", "agency"), pk=pk)


@login_required
def report_list(request):
    """Submissions by entity and month; for regulators also who has not reported last month."""
    reports = Report.objects.visible_to(request.user).select_related("lender", "agency")
    filterset = ReportFilterSet(request.GET, queryset=reports)
    context = {"filter": filterset, "reports": filterset.qs[:200]}
    if request.user.is_regulator:
        previous = last_month()
        context |= {"last_month": previous, "missing": selectors.agencies_missing_report(period=previous)}
    return render(request, "reporting/report_list.html", context)


@csrf_exempt  # CSRF is checked below, once the limiting upload handler is in place
@require_http_methods(["GET", "POST"])
def report_upload(request):
    """An entity user sends a month's two files; the page then follows validation."""
    if request.method == "POST":
        if declared_too_large(request):
            return HttpResponse(_("The file is larger than the upload limit."), status=413)
        request.limited_upload = limit_uploads(request)
    return _report_upload(request)


@login_required
@csrf_protect
def _report_upload(request):
    if request.user.entity is None:
        raise PermissionDenied
    handler = getattr(request, "limited_upload", None)
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    if handler and handler.too_large:
        form.add_error(None, _("The file is larger than the upload limit."))
    elif request.method == "POST" and form.is_valid() and "check_only" in request.POST:
        checked = services.report_check(submitter=request.user.entity, period=form.cleaned_data["period"],
                                        accounts=form.cleaned_data["accounts"], contacts=form.cleaned_data["contacts"])
        errors = [error | {"message": reason_message(error["reason"])} for error in checked.errors]
        return render(request, "reporting/report_upload.html", {"form": form, "checked": checked, "errors": errors})
    elif request.method == "POST" and form.is_valid():
        report, created = services.report_submit(
            submitter=request.user.entity,
            period=form.cleaned_data["period"],
            accounts=form.cleaned_data["accounts"],
            contacts=form.cleaned_data["contacts"],
            submitted_by=request.user,
            accounts_name=form.cleaned_data["accounts"].name,
            contacts_name=form.cleaned_data["contacts"].name,
        )
        if not created:
            messages.info(request, _("These exact files were already sent for this month; here is that report."))
        return redirect(report)
    return render(request, "reporting/report_upload.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def report_detail(request, pk: int):
    report = _visible_report(request, pk)
    errors = [error | {"message": reason_message(error["reason"])} for error in report.errors_preview]
    return render(request, "reporting/report_detail.html", {"report": report, "errors": errors})


@login_required
def report_status(request, pk: int):
    """What the upload page polls while the report is validated."""
    report = _visible_report(request, pk)
    return JsonResponse(
        {"status": report.status, "status_label": report.get_status_display(), "progress": report.progress,
         "stage": report.stage, "stage_label": report.stage_label, "error_count": report.error_count}
    )


@login_required
def report_errors(request, pk: int):
    return errors_download(_visible_report(request, pk))


def errors_download(report: Report):
    """Every bad cell as CSV: built by DuckDB from the stored list, or from the preview for file-level faults."""
    filename = f"report-{report.pk}-errors.csv"
    if report.errors_path:
        path = selectors.report_errors_csv(report=report)
        response = FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type="text/csv")
        path.unlink()  # the open handle keeps the data until the response is sent
        return response
    rows = (
        [error["file"], error["line"], error["column"], error["value"], error["reason"], reason_message(error["reason"])]
        for error in report.errors_preview
    )
    return csv_response(filename, ["file", "line", "column", "value", "reason", "message"], rows)


@login_required
def report_layout(request):
    """What accounts.csv and contacts.csv hold, column by column, with the templates to download."""
    return render(request, "reporting/layout.html", {
        "files": [(name, [column_description(column) for column in columns]) for name, columns in FILES.items()],
        "templates": TEMPLATE_NAMES,
    })


@login_required
def report_template(request, name: str):
    """accounts.csv, contacts.csv, accounts.xlsx or contacts.xlsx: the header and an example row to fill in."""
    if name not in TEMPLATE_NAMES:
        raise Http404
    columns = template_columns(name)
    if name.endswith(".csv"):
        response = HttpResponse(template_csv(columns), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(template_xlsx(columns, title=name.split(".")[0]),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
