"""Keys that make two ways of writing the same customer compare equal.

The duplicate check compares customers on these keys, stored on res.partner and
indexed, so that one indexed lookup answers "is this customer already in the archive?".
"""

import functools
import re
import unicodedata

import opencc

# Longest first: "股份有限公司" must win over "有限公司".
LEGAL_SUFFIXES = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "集团有限公司",
        "集团股份有限公司",
        "有限公司",
        "股份公司",
        "集团公司",
        "总公司",
        "分公司",
        "公司",
        "集团",
        "中国",
        "coltd",
        "colimited",
        "limited",
        "ltd",
        "inc",
        "corp",
        "corporation",
        "co",
        "gmbh",
        "llc",
    ],
    key=len,
    reverse=True,
)

# Provinces and larger cities that often prefix a registered name: 合肥XX照明 == XX照明.
PLACE_PREFIXES = sorted(
    [
        "北京",
        "天津",
        "上海",
        "重庆",
        "河北",
        "山西",
        "辽宁",
        "吉林",
        "黑龙江",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "海南",
        "四川",
        "贵州",
        "云南",
        "陕西",
        "甘肃",
        "青海",
        "台湾",
        "内蒙古",
        "广西",
        "西藏",
        "宁夏",
        "新疆",
        "香港",
        "澳门",
        "合肥",
        "芜湖",
        "蚌埠",
        "淮南",
        "马鞍山",
        "淮北",
        "铜陵",
        "安庆",
        "黄山",
        "滁州",
        "阜阳",
        "宿州",
        "六安",
        "亳州",
        "池州",
        "宣城",
        "南京",
        "苏州",
        "无锡",
        "杭州",
        "宁波",
        "广州",
        "深圳",
        "武汉",
        "成都",
        "西安",
        "郑州",
        "长沙",
        "济南",
        "青岛",
        "厦门",
        "福州",
    ],
    key=len,
    reverse=True,
)

PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "qq.com",
        "vip.qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "vip.163.com",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "139.com",
        "189.cn",
        "wo.cn",
        "aliyun.com",
        "gmail.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "example.com",
    }
)

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_PLACE_SUFFIX = re.compile(r"^(省|市|区|县|自治区)")
# A short bracketed part of a name: 晨曦照明（合肥）有限公司, XX (China) Co., Ltd.
_BRACKETED = re.compile(r"[(（\[【]\s*([^()（）\[\]【】]{1,8}?)\s*[)）\]】]")
# What follows a phone number's extension marker: 0551-6999000 转801, ext. 12, x12, #12
_PHONE_EXTENSION = re.compile(r"(转|分机|ext\.?|extension|x|#).*$", re.IGNORECASE)
# Second-level labels under which a company registers its domain: hfchenxi.com.cn
_SECOND_LEVEL_LABELS = frozenset({"com", "net", "org", "gov", "edu", "ac", "co", "ltd", "biz"})


@functools.cache
def _to_simplified():
    # Traditional and simplified spellings are the same company: 東方電氣 == 东方电气.
    return opencc.OpenCC("t2s")


def _place_key(text):
    """A place name without its administrative suffix: 合肥市 -> 合肥."""
    return re.sub(r"(省|市|县|区)$", "", _NOT_WORD.sub("", text))


def normalize_company_name(name, city=None):
    """Return the comparable core of a company name.

    Full and half width, case, spaces and punctuation do not count; legal suffixes such as
    有限公司 or (中国) and a leading province or city (or the given ``city``) are dropped.
    """
    if not name:
        return False
    key = _to_simplified().convert(unicodedata.normalize("NFKC", name).lower())
    city_key = (
        _place_key(_to_simplified().convert(unicodedata.normalize("NFKC", city).lower()))
        if city
        else ""
    )
    places = set(PLACE_PREFIXES) | {"中国", "china"} | ({city_key} if city_key else set())

    def drop_place(match):
        return "" if _place_key(match.group(1)) in places else match.group(0)

    key = _BRACKETED.sub(drop_place, key)
    key = _NOT_WORD.sub("", key)
    stripped = True
    while stripped:
        stripped = False
        for suffix in LEGAL_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                stripped = True
                break
    prefixes = list(PLACE_PREFIXES)
    # Only a plausible city name: a long "city" would strip a distinctive part of the name.
    if 2 <= len(city_key) <= 4:
        prefixes.insert(0, city_key)
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            key = _PLACE_SUFFIX.sub("", key[len(prefix) :])
            break
    # "中国" may also open a name: 中国XX照明 == XX照明
    if key.startswith("中国") and len(key) > 3:
        key = key[2:]
    return key or False


def normalize_phone(phone):
    """Digits only, without the +86 / 0086 country prefix; False when too short to compare."""
    if not phone:
        return False
    number = _PHONE_EXTENSION.sub("", unicodedata.normalize("NFKC", phone))
    digits = re.sub(r"\D", "", number)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 10:
            digits = digits[len(prefix) :]
            break
    # The trunk prefix 0 of landlines goes with the country code: 0551-... == +86 551-...
    digits = digits.lstrip("0")
    return digits if len(digits) >= 7 else False


def email_domain(email):
    """The company's mail domain, or False for public mail services."""
    if not email or "@" not in email:
        return False
    domain = unicodedata.normalize("NFKC", email).rsplit("@", 1)[1].strip().strip(">").lower()
    labels = [label for label in domain.split(".") if label]
    # The registered domain, so that sales.hfchenxi.cn == hfchenxi.cn (and .com.cn keeps three).
    keep = (
        3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL_LABELS and len(labels[-1]) == 2 else 2
    )
    domain = ".".join(labels[-keep:])
    if not domain or domain in PUBLIC_MAIL_DOMAINS:
        return False
    return domain


def normalize_vat(vat):
    """Unified social credit codes compare without spaces, dashes or case."""
    if not vat:
        return False
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", vat)).upper() or False
