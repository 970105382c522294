"""Category suggestions read what a narrative states: times and counts against the profile, who was contacted,
negation, the two categories of taxonomy version 2, and the evidence behind each suggestion."""

import datetime as dt

import pytest
from django.apps import apps
from django.utils import translation

from complaints.categorise import CN_RULES, US_RULES, categorise, segments, suggest_categories
from complaints.categorise.evaluation import evaluate_cfpb, evaluate_chinese
from complaints.choices import ComplaintStatus, Source
from complaints.imports import cfpb_category
from complaints.models import Complaint, ComplaintCategory, ComplaintEvent
from tests.complaints.helpers import complaint_data


@pytest.mark.parametrize("narrative", [
    "凌晨三点多催收打来电话", "早上七点不到就打来电话了", "around 10:40 at night they called my cell",
    "they called at a quarter to seven in the morning", "晚上九点还能理解，可十点半还在打", "23:30他们又打来电话",
])
def test_clock_times_outside_permitted_hours_suggest_quiet_hours(narrative):
    assert "quiet_hours" in suggest_categories(narrative, CN_RULES)


def test_the_same_time_is_judged_by_the_profile_not_by_a_word_list():
    narrative = "催收员晚上九点半打来电话"
    assert "quiet_hours" not in suggest_categories(narrative, CN_RULES)  # 21:30 is within 08:00–22:00
    with translation.override("en"):
        result = categorise(narrative, US_RULES)  # but not within 08:00–21:00
    assert result.suggested == ["quiet_hours"]
    assert result.evidence[0].reason == "21:30 is outside 08:00–21:00 (US Regulation F profile)"


@pytest.mark.parametrize("narrative", [
    "一天打了四十多次电话", "about thirty calls in one afternoon", "一个下午就接到了二十几个催收电话",
    "they called 5 to 8 times a day", "对方每小时都打一次电话", "一天之内接到的催收电话有五六十个",
])
def test_counts_above_the_daily_limit_suggest_excessive_frequency(narrative):
    assert "excessive_frequency" in suggest_categories(narrative, CN_RULES)


def test_a_count_within_the_limit_is_not_excessive():
    assert "excessive_frequency" not in suggest_categories("催收员今天打了三次电话", CN_RULES)
    # Seven a day breaks the CN daily limit of six; Regulation F has no daily limit and allows seven in seven days.
    assert "excessive_frequency" in suggest_categories("一天打了七次电话", CN_RULES)
    assert "excessive_frequency" not in suggest_categories("一天打了七次电话", US_RULES)


@pytest.mark.parametrize("narrative", [
    "催收打电话给我舅舅", "他们联系了我的岳父", "我的小姨子接到催收电话", "they called my brother-in-law twice",
    "the collector contacted my landlord", "催收给我女儿的班主任发了信息",
])
def test_relations_beyond_the_old_list_are_third_parties(narrative):
    assert "third_party_harassment" in suggest_categories(narrative)


def test_everyone_in_the_contact_list_is_blasting():
    assert suggest_categories("they texted everyone in my contacts about the debt") == ["contact_blasting"]
    assert "contact_blasting" in suggest_categories("我通讯录里的人都接到了电话")


@pytest.mark.parametrize("narrative", ["他们调取了我的短信记录", "催收知道我的定位，直接找上门"])
def test_harvesting_personal_data_is_unlawful_data_use(narrative):
    assert "unlawful_data_use" in suggest_categories(narrative)


@pytest.mark.parametrize(("narrative", "denied"), [
    ("他们并没有辱骂我", "threats_insults"), ("催收从未给我家人打过电话", "third_party_harassment"),
    ("they did not call my family", "third_party_harassment"), ("they never threatened me", "threats_insults"),
    ("他们没有在半夜打电话", "quiet_hours"), ("they did not call me at 11 pm", "quiet_hours"),
])
def test_negated_conduct_is_not_suggested(narrative, denied):
    assert denied not in suggest_categories(narrative)


def test_negation_reaches_only_its_own_predicate():
    assert "threats_insults" in suggest_categories("我还没还款，他们就威胁我")
    assert "threats_insults" in suggest_categories("I did not pay so they threatened me")
    assert suggest_categories("他们并没有辱骂我，但一天打了三十多个电话") == ["excessive_frequency"]


@pytest.mark.parametrize(("narrative", "code"), [
    ("这笔贷款不是我借的，是有人冒用我的身份", "disputed_debt"), ("they are collecting a debt that is not mine", "disputed_debt"),
    ("the balance includes fees I never agreed to", "disputed_debt"),
    ("催收员不肯说是哪家平台的债，也拿不出合同", "debt_information"),
    ("I sent a letter asking them to validate the debt and they never responded", "debt_information"),
])
def test_taxonomy_version_2_categories_are_suggested(narrative, code):
    assert code in suggest_categories(narrative)


def test_every_suggestion_carries_the_span_behind_it():
    narrative = "凌晨两点给我哥哥打电话，骂我是骗子。他们并没有冒充法院。"
    result = categorise(narrative)
    assert result.suggested == ["third_party_harassment", "quiet_hours", "threats_insults"]
    for code in result.suggested:
        spans = [item for item in result.evidence if item.code == code]
        assert spans and all(narrative[item.start:item.end] == item.text and item.reason for item in spans)
    assert "".join(part.text for part in segments(narrative, result.evidence)) == narrative


def test_cfpb_issues_map_with_taxonomy_version_2():
    assert cfpb_category("Written notification about debt", "Didn't receive enough information to verify debt") == "debt_information"
    assert cfpb_category("Attempts to collect debt not owed", "Debt is not yours") == "disputed_debt"
    assert cfpb_category("Attempts to collect debt not owed", "Debt was paid") == "post_settlement"
    assert cfpb_category("False statements or representation", "Attempted to collect wrong amount") == "disputed_debt"
    assert cfpb_category("Disclosure verification of debt", "Not given enough info to verify debt") == "debt_information"
    assert cfpb_category("Took or threatened to take negative or legal action", "Threatened to sue you for very old debt") == "threats_insults"
    assert cfpb_category("Something new", "Anything") == "other"


def test_quality_floors_on_the_chinese_set():
    score = evaluate_chinese()
    assert score.cases >= 200
    assert score.recall() >= 0.90 and score.precision() >= 0.80, "\n".join(score.lines("Chinese set"))


def test_quality_floors_on_the_cfpb_narratives():
    # Regression floors at what the rules reach today (bench/categorise.py); the issue's goal is 85% and 60%.
    score = evaluate_cfpb()
    assert score.cases >= 300
    assert score.recall() >= 0.65 and score.precision() >= 0.35, "\n".join(score.lines("CFPB"))


@pytest.mark.django_db
def test_categorise_api_explains_each_suggestion(api):
    narrative = "晚上十一点半打电话，还打给我舅舅"
    body = api.post("/api/v1/complaints/categorise/", {"narrative": narrative}, format="json",
                    HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["suggested"] == ["third_party_harassment", "quiet_hours"]
    quiet = next(item for item in body["evidence"] if item["code"] == "quiet_hours")
    assert narrative[quiet["start"]:quiet["end"]] == quiet["text"] == "晚上十一点半"
    assert quiet["reason"] == "23:30 is outside 08:00–22:00 (CN profile)"


@pytest.mark.django_db
def test_categorise_api_errors_are_translated(api):
    response = api.post("/api/v1/complaints/categorise/", {"narrative": 5}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "叙述" in response.json()["narrative"][0]


@pytest.mark.django_db
def test_triage_page_marks_the_words_behind_each_suggestion(client, sam_supervisor, lender_a, agency_a, api):
    api.post("/api/v1/complaints/", complaint_data(), format="json")
    complaint = Complaint.objects.get()
    client.force_login(sam_supervisor)
    with translation.override("en"):
        page = client.get(complaint.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<mark title="Contact outside permitted hours: 00:30 is outside 08:00–22:00 (CN profile)">半夜</mark>' in page
    assert "Why these categories are suggested" in page


@pytest.mark.django_db
def test_migration_remaps_imported_cfpb_rows_but_not_those_people_triaged(sam_supervisor, lender_a):
    from importlib import import_module

    remap = import_module("complaints.migrations.0004_remap_cfpb_categories").remap

    def imported(external_id: str, sub_issue: str, v1_code: str) -> Complaint:
        complaint = Complaint.objects.create(
            source=Source.CFPB, external_id=external_id, receipt_no=f"CFPB-{external_id}", complainant_role="borrower",
            received_at=dt.datetime(2019, 5, 1, tzinfo=dt.UTC), lender=lender_a, status=ComplaintStatus.CLOSED,
            outcome="not_upheld", source_detail={"Issue": "Attempts to collect debt not owed", "Sub-issue": sub_issue})
        ComplaintCategory.objects.create(complaint=complaint, code=v1_code)
        ComplaintEvent.objects.create(complaint=complaint, to_status=ComplaintStatus.CLOSED, note="imported (cfpb)")
        return complaint

    untouched = imported("1", "Debt is not yours", "other")
    paid = imported("2", "Debt was paid", "post_settlement")
    triaged = imported("3", "Debt is not yours", "other")
    ComplaintEvent.objects.create(complaint=triaged, from_status="received", to_status="triaged", by=sam_supervisor)
    remap(apps, None)
    codes = dict(ComplaintCategory.objects.values_list("complaint__external_id", "code"))
    assert codes == {untouched.external_id: "disputed_debt", paid.external_id: "post_settlement", triaged.external_id: "other"}
