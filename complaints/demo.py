"""Demo complaints: fictional Chinese accounts of collection conduct, spread over the past year."""

import datetime as dt
import random

from django.utils import timezone

from supervision.accounts.models import Role, User
from supervision.entities.models import Mandate

from . import services
from .choices import Channel, CollectorKind, ComplainantRole, Outcome, PublicStatement, Resolution, ResponseType
from .models import Complaint

STORIES = [
    (["contact_blasting", "third_party_harassment"], "逾期第三天，催收公司把我通讯录里的同事、朋友都打了一遍，说我欠钱不还，让我在单位抬不起头。"),
    (["quiet_hours", "excessive_frequency"], "凌晨一点多还在给我打电话，一晚上打了十几个，家里人都没法睡觉。"),
    (["threats_insults"], "催收员在电话里辱骂我，还威胁说要上门找我父母，把我的照片P图发到网上。"),
    (["impersonation"], "对方自称是法院的工作人员，说已经立案，再不还钱就要抓人坐牢，后来发现是冒充的。"),
    (["deferral_breach"], "我已经和平台协商好缓催三个月，分期还款协议也签了，可是催收电话一天都没停过。"),
    (["post_settlement"], "这笔贷款我上个月已经全部结清，有结清证明，还是每天有人打电话催我还款。"),
    (["third_party_harassment"], "他们打电话给我妈妈，说我借了很多钱跑了，我妈妈急得住院了。"),
    (["unlawful_data_use", "contact_blasting"], "我从没授权过读取通讯录，可催收短信群发给了我手机里所有联系人。"),
    (["excessive_frequency"], "一天之内被不同号码打了二十多个电话，换着号码打，拉黑了也没用。"),
    (["unmandated_collection"], "打电话的公司说受平台委托，但平台客服说和这家公司早就没有合作了。"),
    (["disputed_debt"], "这笔网贷根本不是我借的，我的身份证去年丢过，有人冒用我的身份注册了账号，催收却一直找我。"),
    (["debt_information", "disputed_debt"], "催收说我欠一万二，我只借了五千，要求他们提供借款合同和欠款明细，他们一直拿不出来。"),
    (["contact_blasting", "threats_insults"], "我叫王小明，电话13912345678。催收员说要去我家朝阳区建国路88号3号楼501室堵我，"
                                              "还给我同事群发短信说我是老赖，车牌京A12345的车也被他们拍了照发到群里。"),
]


def demo_complaints(*, seed: int, count: int = 240) -> int:
    """File, triage, forward and answer demo complaints; returns how many were created."""
    if Complaint.objects.filter(source="web", complainant_email__endswith="@demo.example").exists():
        return 0
    rng = random.Random(seed)
    supervisor = User.objects.filter(role=Role.SUPERVISOR).first()
    mandates = list(Mandate.objects.select_related("lender", "agency"))
    now = timezone.now()
    for number in range(count):
        mandate = rng.choice(mandates)
        categories, story = rng.choice(STORIES)
        in_house = rng.random() < 0.15
        complaint, _ = services.complaint_submit(data={
            "complainant_role": rng.choice(ComplainantRole.values), "lender": mandate.lender,
            "collector_kind": CollectorKind.LENDER if in_house else CollectorKind.AGENCY,
            "agency": None if in_house else mandate.agency, "categories": categories,
            "occurred_on": (now - dt.timedelta(days=rng.randint(1, 360))).date(), "channel": rng.choice(Channel.values),
            "narrative": story, "region": mandate.agency.province, "complainant_phone": f"138{rng.randrange(10**8):08d}",
            "complainant_email": f"complainant{number}@demo.example", "consent_to_share": rng.random() < 0.4,
            "consent_to_publish": rng.random() < 0.5, "complainant_name": "王小明" if "王小明" in story else "",
        })
        received = now - dt.timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 23))
        Complaint.objects.filter(pk=complaint.pk).update(received_at=received)
        stage = rng.random()
        if stage < 0.2 or supervisor is None:
            continue
        complaint = services.complaint_triage(complaint=complaint, by=supervisor, categories=categories)
        if stage < 0.3:
            continue
        complaint = services.complaint_forward(complaint=complaint, by=supervisor)
        forwarded = received + dt.timedelta(days=rng.randint(1, 4))
        Complaint.objects.filter(pk=complaint.pk).update(
            forwarded_at=forwarded, response_due=forwarded + dt.timedelta(days=complaint.rule_profile.response_window_days)
        )
        if stage < 0.45 or forwarded > now - dt.timedelta(days=2):
            continue
        complaint.refresh_from_db()
        complaint = services.complaint_respond(complaint=complaint, by=supervisor, explanation="已核实并整改。",
                                               remedy="已致歉并停止催收。", resolution=rng.choice(Resolution.values),
                                               response_type=rng.choice([ResponseType.WITH_EXPLANATION,
                                                                         ResponseType.WITH_RELIEF,
                                                                         ResponseType.WITHOUT_RELIEF]),
                                               public_statement=rng.choice(["", *PublicStatement.values]))
        Complaint.objects.filter(pk=complaint.pk).update(responded_at=forwarded + dt.timedelta(days=rng.randint(2, 25)))
        if stage < 0.7:
            continue
        services.complaint_close(complaint=complaint, by=supervisor,
                                 outcome=rng.choice([Outcome.UPHELD, Outcome.NOT_UPHELD, Outcome.WITHDRAWN]))
    return count


def demo_queue_work() -> int:
    """Give the supervisor and the inspector some complaints to work, and the supervisor a saved view."""
    from supervision.accounts.models import SavedView

    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("pk").first()
    inspector = User.objects.filter(role=Role.INSPECTOR).order_by("pk").first()
    if supervisor is None or Complaint.objects.exclude(assignee=None).exists():
        return 0
    open_ones = list(Complaint.objects.filter(status__in=("received", "triaged")).order_by("-received_at")[:12])
    for number, complaint in enumerate(open_ones):
        services.complaint_assign(complaint=complaint, by=supervisor, assignee=supervisor if number % 2 else inspector)
    SavedView.objects.get_or_create(user=supervisor, page="complaints", name="逾期待答复",
                                    defaults={"query": "status=forwarded&sort=due"})
    return len(open_ones)
