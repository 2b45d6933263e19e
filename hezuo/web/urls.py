from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from hezuo.web import (
    binders,
    campus,
    construction,
    dashboard,
    evidence,
    evidence_imports,
    exports,
    files,
    imports,
    indicators,
    jobs,
    password_reset,
    reports,
    school,
    search,
    sessions,
    shares,
    tokens,
    two_factor,
    views,
)

app_name = "web"

SCHOOL = "s/<slug:school>/"
RESOURCE = SCHOOL + "<slug:resource>/"

urlpatterns = [
    path("", views.home, name="home"),
    path(SCHOOL, dashboard.dashboard, name="dashboard"),
    path(
        SCHOOL + "activities/<int:pk>/participations/", views.participations, name="participations"
    ),
    path(SCHOOL + "projects/<int:pk>/tree/", construction.project, name="project"),
    path(SCHOOL + "indicators/", indicators.indicator_table, name="indicators"),
    path(SCHOOL + "indicators/snapshot/", indicators.indicator_snapshot, name="indicator-snapshot"),
    path(SCHOOL + "indicators/install/", indicators.indicator_install, name="indicator-install"),
    path(
        SCHOOL + "indicators/carry-forward/",
        indicators.indicator_carry_forward,
        name="indicator-carry-forward",
    ),
    path(
        SCHOOL + "indicators/workbook.xlsx",
        indicators.indicator_workbook,
        name="indicator-workbook",
    ),
    path(SCHOOL + "indicators/<slug:code>/", indicators.indicator_detail, name="indicator"),
    path(
        SCHOOL + "indicators/<slug:code>/override/",
        indicators.indicator_override,
        name="indicator-override",
    ),
    path(SCHOOL + "points/<int:pk>/status/", construction.point_status, name="point-status"),
    path(SCHOOL + "search/", search.search, name="evidence-search"),
    path(SCHOOL + "settings/", school.school_settings, name="school-settings"),
    path(SCHOOL + "api-tokens/", tokens.tokens, name="api-tokens"),
    path(SCHOOL + "api-tokens/<int:pk>/revoke/", tokens.revoke, name="api-token-revoke"),
    path(SCHOOL + "projects/<int:pk>/numbering/", evidence.numbering, name="evidence-numbering"),
    path(SCHOOL + "projects/<int:pk>/binders/", binders.binders, name="binders"),
    path(SCHOOL + "binders/<int:pk>/", binders.binder, name="binder"),
    path(SCHOOL + "binders/<int:pk>/freeze/", binders.freeze, name="binder-freeze"),
    path(SCHOOL + "binders/<int:pk>/share/", binders.share_create, name="binder-share"),
    path(SCHOOL + "shares/<int:pk>/revoke/", binders.share_revoke, name="binder-share-revoke"),
    path(SCHOOL + "imports/<int:pk>/", imports.import_run, name="import-run"),
    path(SCHOOL + "imports/<int:pk>/commit/", imports.import_run_commit, name="import-run-commit"),
    path(SCHOOL + "exports/<int:pk>/", exports.list_export, name="list-export"),
    path(SCHOOL + "reports/", reports.reports, name="reports"),
    path(SCHOOL + "reports/<int:pk>/", reports.report, name="report"),
    path(SCHOOL + "reports/narratives/", reports.narratives, name="report-narratives"),
    path(SCHOOL + "reports/templates/", reports.templates, name="report-templates"),
    path(
        SCHOOL + "reports/templates/<slug:kind>/default.docx",
        reports.template_default,
        name="report-template-default",
    ),
    path(
        SCHOOL + "reports/templates/<int:pk>/download/",
        reports.template_download,
        name="report-template-download",
    ),
    *(
        path(
            SCHOOL + f"{segment}/<int:pk>/{action}/", view, {"pages": name}, name=f"{name}-{action}"
        )
        for segment, name in (
            ("binders", "binder"),
            ("reports", "report"),
            ("imports", "import-run"),
            ("exports", "list-export"),
            ("evidence-imports", "evidence-import-run"),
        )
        for action, view in (
            ("cancel", jobs.cancel),
            ("retry", jobs.retry),
            ("download", jobs.download),
        )
    ),
    path("share/<str:token>/", shares.share, name="share"),
    path("share/<str:token>/view/", shares.view, name="share-view"),
    path("share/<str:token>/download/", shares.download, name="share-download"),
    path(
        SCHOOL + "projects/<int:pk>/import-evidence/",
        evidence_imports.import_evidence,
        name="evidence-import",
    ),
    path(
        SCHOOL + "evidence-imports/<int:pk>/",
        evidence_imports.import_run,
        name="evidence-import-run",
    ),
    path(
        SCHOOL + "evidence-imports/<int:pk>/commit/",
        evidence_imports.import_run_commit,
        name="evidence-import-run-commit",
    ),
    path(SCHOOL + "evidence/<int:pk>/files/", evidence.upload, name="evidence-upload"),
    path(
        SCHOOL + "evidence/<int:pk>/files/<int:link>/remove/",
        evidence.remove,
        name="evidence-file-remove",
    ),
    path(
        SCHOOL + "evidence/<int:pk>/files/<int:file>/reprocess/",
        evidence.reprocess,
        name="evidence-file-reprocess",
    ),
    path(SCHOOL + "evidence/<int:pk>/review/", evidence.review, name="evidence-review"),
    path(SCHOOL + "files/unused/", files.unused, name="unused-files"),
    path(SCHOOL + "files/<int:file>/purge/", files.purge, name="file-purge"),
    path(SCHOOL + "files/<int:file>/download/", evidence.download, name="file-download"),
    path(SCHOOL + "files/<int:file>/preview/", evidence.preview, name="file-preview"),
    path(RESOURCE, views.resource_list, name="list"),
    path(RESOURCE + "new/", views.resource_create, name="create"),
    path(RESOURCE + "export.xlsx", views.resource_export, name="export"),
    path(RESOURCE + "import/", imports.records_import, name="import"),
    path(
        RESOURCE + "import/template.xlsx", imports.records_import_template, name="import-template"
    ),
    path(RESOURCE + "<int:pk>/", views.resource_detail, name="detail"),
    path(RESOURCE + "<int:pk>/edit/", views.resource_edit, name="edit"),
    path(RESOURCE + "<int:pk>/delete/", views.resource_delete, name="delete"),
]

account_urlpatterns = [
    path("accounts/login/", campus.SignInView.as_view(), name="login"),
    path("accounts/campus/cas/", campus.cas_sign_in, name="campus-cas"),
    path("accounts/campus/oidc/", campus.oidc_sign_in, name="campus-oidc"),
    path("accounts/campus/oidc/callback/", campus.oidc_callback, name="campus-oidc-callback"),
    path("accounts/campus/unknown/", campus.campus_unknown, name="campus-unknown"),
    path("accounts/two-factor/", two_factor.two_factor, name="two-factor"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/sign-out-everywhere/",
        sessions.sign_out_everywhere,
        name="sign-out-everywhere",
    ),
    path(
        "accounts/password/",
        # hezuo's own templates: Django's names are the admin's (found first).
        auth_views.PasswordChangeView.as_view(
            template_name="registration/change_form.html",
            success_url="/accounts/password/done/",
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/change_done.html"),
        name="password_change_done",
    ),
    *password_reset.urlpatterns,
]
