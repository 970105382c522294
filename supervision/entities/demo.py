"""Realistic, fictional register data for the demo, generated from a seed.

Names are made up from common naming patterns; any likeness to a real firm is chance.
"""

import csv
import datetime as dt
import io
import random

from supervision.core.credit_code import ALPHABET, credit_code_check_char
from supervision.core.provinces import PROVINCES

from .choices import LenderType

CITIES = {
    "BJ": ("北京", "110105"), "SH": ("上海", "310115"), "GD": ("深圳", "440300"), "ZJ": ("杭州", "330106"),
    "JS": ("南京", "320106"), "SC": ("成都", "510107"), "HB": ("武汉", "420106"), "CQ": ("重庆", "500103"),
    "FJ": ("厦门", "350203"), "SD": ("济南", "370102"), "HN": ("长沙", "430104"), "HA": ("郑州", "410105"),
    "TJ": ("天津", "120101"), "SN": ("西安", "610113"), "AH": ("合肥", "340104"), "JX": ("南昌", "360102"),
    "GX": ("南宁", "450103"), "YN": ("昆明", "530102"), "LN": ("沈阳", "210102"), "HE": ("石家庄", "130102"),
}
BRANDS = [
    "华信", "安盈", "众诚", "恒泰", "融通", "汇丰源", "金瑞", "鼎盛", "信达", "中和", "盛世", "永安", "博远", "宏图",
    "嘉禾", "瑞丰", "天成", "合众", "长青", "兴业达", "东方鑫", "海纳", "锦程", "通达", "卓越", "新元", "聚宝",
    "泰和", "百川", "华夏通", "宜信达", "星辰", "乐享", "速融", "易贷通", "优米", "钱程", "普惠通", "民安", "福泽",
]
LENDER_SUFFIX = {
    LenderType.BANK: ["农村商业银行股份有限公司", "银行股份有限公司"],
    LenderType.CONSUMER_FINANCE: ["消费金融股份有限公司", "消费金融有限公司"],
    LenderType.ONLINE_PLATFORM: ["金融科技有限公司", "数字科技有限公司"],
    LenderType.MICROCREDIT: ["网络小额贷款有限公司", "小额贷款有限公司"],
    LenderType.OTHER: ["融资担保有限公司", "信托有限责任公司"],
}
AGENCY_SUFFIX = ["信息咨询有限公司", "资产管理有限公司", "商务服务有限公司", "企业管理咨询有限公司", "数据服务有限公司"]
PORTFOLIOS = ["M1-M3 信用卡分期", "M3+ 个人消费贷", "现金贷 逾期30天以上", "车贷 早期逾期", "网贷 委外全量", ""]


def _credit_code(rng: random.Random, division: str) -> str:
    body = "91" + division + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + credit_code_check_char(body)


def _csv(header: list[str], rows: list[list]) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode("utf-8"))


def demo_register_files(*, seed: int, lenders: int = 36, agencies: int = 64, today: dt.date | None = None):
    """(lenders.csv, agencies.csv, mandates.csv) as file objects in the register layout."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    provinces = list(CITIES)
    types = list(LenderType)
    brands = BRANDS[:]
    rng.shuffle(brands)

    lender_rows = []
    for number in range(lenders):
        lender_type = types[number % len(types)]
        province = provinces[number % len(provinces)]
        city, division = CITIES[province]
        name = f"{city}{brands[number % len(brands)]}{rng.choice(LENDER_SUFFIX[lender_type])}"
        licence = f"{'B' if lender_type == LenderType.BANK else 'L'}{rng.randrange(10**9, 10**10)}"
        lender_rows.append([f"L{number + 1:03d}", name, lender_type.value, _credit_code(rng, division), licence, province])

    agency_rows = []
    all_provinces = [code for code, _, _ in PROVINCES]
    for number in range(agencies):
        province = provinces[number % len(provinces)] if number < 40 else rng.choice(all_provinces)
        city, division = CITIES.get(province, (PROVINCES[all_provinces.index(province)][1][:2], "110101"))
        name = f"{city}{rng.choice(brands)}{rng.choice(['', '汇', '诚', '达'])}{rng.choice(AGENCY_SUFFIX)}"
        agency_rows.append([f"A{number + 1:03d}", name, _credit_code(rng, division), f"C{rng.randrange(10**7, 10**8)}", province])

    mandate_rows = []
    for lender in lender_rows:
        chosen = rng.sample(agency_rows, k=rng.randint(2, 6))
        for agency in chosen:
            start = today - dt.timedelta(days=rng.randint(60, 900))
            end = None if rng.random() < 0.5 else start + dt.timedelta(days=rng.randint(180, 720))
            mandate_rows.append([lender[0], agency[0], start.isoformat(), end.isoformat() if end else "", rng.choice(PORTFOLIOS)])
            if rng.random() < 0.25:  # a renewed or overlapping second mandate with the same agency
                renewal = start + dt.timedelta(days=rng.randint(90, 400))
                mandate_rows.append([lender[0], agency[0], renewal.isoformat(), "", rng.choice(PORTFOLIOS)])

    return (
        _csv(["code", "name", "type", "credit_code", "licence_no", "province"], lender_rows),
        _csv(["code", "name", "credit_code", "licence_no", "province"], agency_rows),
        _csv(["lender_code", "agency_code", "valid_from", "valid_to", "portfolio_note"], mandate_rows),
    )
