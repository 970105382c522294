import datetime as dt
import random

import factory

from supervision.accounts.models import Role, User
from supervision.core.credit_code import ALPHABET, credit_code_check_char
from supervision.entities.choices import LenderType
from supervision.entities.models import Agency, Lender, Mandate

_rng = random.Random(42)


def valid_credit_code() -> str:
    body = "91440300" + "".join(_rng.choice(ALPHABET) for _ in range(9))
    return body + credit_code_check_char(body)


class LenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lender
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"L{n:03d}")
    name = factory.Sequence(lambda n: f"测试{n}消费金融有限公司")
    type = LenderType.CONSUMER_FINANCE
    credit_code = factory.LazyFunction(valid_credit_code)
    licence_no = "L123456"
    province = "GD"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"A{n:03d}")
    name = factory.Sequence(lambda n: f"测试{n}信息咨询有限公司")
    credit_code = factory.LazyFunction(valid_credit_code)
    licence_no = "C7654321"
    province = "SH"


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    lender = factory.SubFactory(LenderFactory)
    agency = factory.SubFactory(AgencyFactory)
    valid_from = dt.date(2025, 1, 1)
    valid_to = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.SUPERVISOR
    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "pw-for-tests-only")
        if create:
            self.save(update_fields=["password"])
