"""Provincial-level divisions of China (GB/T 2260), named in the active language."""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language

# (code, Chinese name, English name)
PROVINCES = [
    ("BJ", "北京市", "Beijing"),
    ("TJ", "天津市", "Tianjin"),
    ("HE", "河北省", "Hebei"),
    ("SX", "山西省", "Shanxi"),
    ("NM", "内蒙古自治区", "Inner Mongolia"),
    ("LN", "辽宁省", "Liaoning"),
    ("JL", "吉林省", "Jilin"),
    ("HL", "黑龙江省", "Heilongjiang"),
    ("SH", "上海市", "Shanghai"),
    ("JS", "江苏省", "Jiangsu"),
    ("ZJ", "浙江省", "Zhejiang"),
    ("AH", "安徽省", "Anhui"),
    ("FJ", "福建省", "Fujian"),
    ("JX", "江西省", "Jiangxi"),
    ("SD", "山东省", "Shandong"),
    ("HA", "河南省", "Henan"),
    ("HB", "湖北省", "Hubei"),
    ("HN", "湖南省", "Hunan"),
    ("GD", "广东省", "Guangdong"),
    ("GX", "广西壮族自治区", "Guangxi"),
    ("HI", "海南省", "Hainan"),
    ("CQ", "重庆市", "Chongqing"),
    ("SC", "四川省", "Sichuan"),
    ("GZ", "贵州省", "Guizhou"),
    ("YN", "云南省", "Yunnan"),
    ("XZ", "西藏自治区", "Tibet"),
    ("SN", "陕西省", "Shaanxi"),
    ("GS", "甘肃省", "Gansu"),
    ("QH", "青海省", "Qinghai"),
    ("NX", "宁夏回族自治区", "Ningxia"),
    ("XJ", "新疆维吾尔自治区", "Xinjiang"),
]

_SUFFIXES = ("维吾尔自治区", "回族自治区", "壮族自治区", "自治区", "省", "市")


def _name(chinese: str, english: str) -> str:
    return chinese if (get_language() or "zh").startswith("zh") else english


_lazy_name = lazy(_name, str)

Province = models.TextChoices(
    "Province", [(code, (code, _lazy_name(chinese, english))) for code, chinese, english in PROVINCES]
)


def _short(chinese: str) -> str:
    for suffix in _SUFFIXES:
        if chinese.endswith(suffix):
            return chinese[: -len(suffix)]
    return chinese


_LOOKUP = {}
for _code, _chinese, _english in PROVINCES:
    for _key in (_code, _chinese, _short(_chinese), _english):
        _LOOKUP[_key.casefold()] = _code


def province_code(text: str) -> str | None:
    """The province code for a code, a Chinese name (full or short) or an English name."""
    return _LOOKUP.get((text or "").strip().casefold())
