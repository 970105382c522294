import pytest

pytestmark = pytest.mark.django_db


def test_supervisor_sees_the_register_with_chinese_names(client, sam_supervisor, lender_a, lender_b):
    client.force_login(sam_supervisor)
    page = client.get("/lenders/").content.decode()
    assert "甲消费金融有限公司" in page and "乙网络小额贷款有限公司" in page


def test_lender_page_lists_its_agencies(client, sam_supervisor, mandate_a):
    client.force_login(sam_supervisor)
    page = client.get("/lenders/LA/").content.decode()
    assert "甲信息咨询有限公司" in page


def test_agency_user_lands_on_its_own_page(client, alice_agency):
    client.force_login(alice_agency)
    assert client.get("/").url == "/agencies/AA/"


def test_agency_user_list_page_shows_only_its_own_agency(client, alice_agency, agency_b):
    client.force_login(alice_agency)
    page = client.get("/agencies/").content.decode()
    assert "甲信息咨询有限公司" in page and "乙资产管理有限公司" not in page


def test_mandate_list_page_filters_by_lender(client, sam_supervisor, mandate_a, mandate_b):
    client.force_login(sam_supervisor)
    page = client.get("/mandates/", {"lender": "LB"}).content.decode()
    assert "乙资产管理有限公司" in page and "甲信息咨询有限公司" not in page


@pytest.mark.parametrize(("language", "text"), [("en", "Lenders"), ("zh-hans", "放贷机构")])
def test_interface_switches_language(client, sam_supervisor, language, text):
    client.force_login(sam_supervisor)
    client.post("/i18n/setlang/", {"language": language, "next": "/lenders/"})
    assert text in client.get("/lenders/").content.decode()


def test_login_page_refuses_a_wrong_password_with_a_message(client, sam_supervisor):
    response = client.post("/login/", {"username": "sam_supervisor", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_login_is_refused_for_a_while_after_repeated_failures(client, sam_supervisor, settings):
    """django-axes: the failure that reaches the limit is already answered 429, and so is the right password
    from that address until the lockout lapses; another address is not locked out."""
    settings.LOGIN_MAX_FAILURES = 3
    answers = [client.post("/login/", {"username": "sam_supervisor", "password": "wrong"}).status_code
               for _ in range(3)]
    assert answers == [200, 200, 429]
    locked = client.post("/login/", {"username": "sam_supervisor", "password": "pw-for-tests-only"})
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    assert locked.context["form"].non_field_errors()  # says why, and for how long
    elsewhere = client.post("/login/", {"username": "sam_supervisor", "password": "pw-for-tests-only"},
                            REMOTE_ADDR="10.9.8.7")
    assert elsewhere.status_code == 302
