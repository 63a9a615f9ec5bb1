"""One province (Henan, 河南, GB/T 2260 code 41): cities, districts, courts and regulators.

Court codes follow the 2016 case-number rules (豫01 = the intermediate court of city 01, 豫0105 =
the basic court of district 410105); the short forms (郑金, 洛西) feed pre-2016 case numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

PROVINCE = "河南省"
PROVINCE_SHORT = "豫"
PROVINCE_CODE = "41"


@dataclass(frozen=True)
class District:
    code: str  # 6-digit GB/T 2260
    name: str
    short: str  # one or two characters for pre-2016 case numbers


@dataclass(frozen=True)
class City:
    code: str  # 4 digits (province + city)
    name: str  # without 市
    short: str
    area_code: str
    districts: tuple[District, ...]


def _d(code: str, name: str, short: str) -> District:
    return District(code, name, short)


CITIES: tuple[City, ...] = (
    City("4101", "郑州", "郑", "0371", (
        _d("410102", "中原区", "中"), _d("410103", "二七区", "二"), _d("410104", "管城回族区", "管"),
        _d("410105", "金水区", "金"), _d("410108", "惠济区", "惠"), _d("410122", "中牟县", "牟"),
        _d("410182", "荥阳市", "荥"), _d("410184", "新郑市", "新"))),
    City("4103", "洛阳", "洛", "0379", (
        _d("410302", "老城区", "老"), _d("410303", "西工区", "西"), _d("410305", "涧西区", "涧"),
        _d("410311", "洛龙区", "龙"), _d("410307", "偃师区", "偃"))),
    City("4107", "新乡", "新", "0373", (
        _d("410702", "红旗区", "红"), _d("410703", "卫滨区", "卫"), _d("410711", "牧野区", "牧"),
        _d("410781", "卫辉市", "辉"))),
    City("4102", "开封", "汴", "0371", (
        _d("410202", "龙亭区", "龙"), _d("410203", "顺河回族区", "顺"), _d("410205", "禹王台区", "禹"))),
    City("4104", "平顶山", "平", "0375", (
        _d("410402", "新华区", "华"), _d("410403", "卫东区", "东"), _d("410411", "湛河区", "湛"))),
    City("4105", "安阳", "安", "0372", (
        _d("410502", "文峰区", "文"), _d("410503", "北关区", "北"), _d("410505", "殷都区", "殷"))),
    City("4108", "焦作", "焦", "0391", (
        _d("410802", "解放区", "解"), _d("410803", "中站区", "站"), _d("410811", "山阳区", "山"))),
    City("4110", "许昌", "许", "0374", (
        _d("411002", "魏都区", "魏"), _d("411003", "建安区", "建"), _d("411081", "禹州市", "禹"))),
    City("4113", "南阳", "宛", "0377", (
        _d("411302", "宛城区", "宛"), _d("411303", "卧龙区", "卧"), _d("411381", "邓州市", "邓"))),
    City("4114", "商丘", "商", "0370", (
        _d("411402", "梁园区", "梁"), _d("411403", "睢阳区", "睢"), _d("411481", "永城市", "永"))),
)

ROADS = (
    "建设路", "人民路", "中州大道", "花园路", "文化路", "经三路", "纬五路", "农业路", "金水路", "大学路",
    "嵩山路", "桐柏路", "航海路", "陇海路", "商都路", "黄河路", "工业路", "解放路", "民主路", "胜利路",
    "开元大道", "九都路", "平原路", "迎宾大道", "长江路", "和平路", "光明路", "兴业路", "科技大道", "滨河路",
)


def city_of_district(district_code: str) -> City:
    for city in CITIES:
        if district_code.startswith(city.code):
            return city
    raise KeyError(district_code)


def district_by_code(code: str) -> District:
    for city in CITIES:
        for d in city.districts:
            if d.code == code:
                return d
    raise KeyError(code)


def district_court(d: District) -> tuple[str, str, str]:
    """(court name, 2016+ court code, pre-2016 short form) of a district's basic court."""
    city = city_of_district(d.code)
    name = f"{city.name}市{d.name}人民法院" if not d.name.endswith("市") else f"{d.name}人民法院"
    return name, f"{PROVINCE_SHORT}{d.code[2:]}", f"{city.short}{d.short}"


def intermediate_court(city: City) -> tuple[str, str, str]:
    return f"{PROVINCE}{city.name}市中级人民法院", f"{PROVINCE_SHORT}{city.code[2:]}", city.short


def bank_regulator(year: int) -> tuple[str, str]:
    """(authority, decision-number prefix) of the provincial banking regulator in a given year."""
    if year < 2018:
        return "中国银行业监督管理委员会河南监管局", "豫银监罚决字"
    if year < 2023:
        return "中国银行保险监督管理委员会河南监管局", "豫银保监罚决字"
    return "国家金融监督管理总局河南监管局", "豫金罚决字"


def city_regulators(city: City) -> tuple[tuple[str, str], ...]:
    """Non-bank authorities that penalise ordinary enterprises, with their decision prefixes."""
    return (
        (f"{city.name}市市场监督管理局", f"{city.short}市监罚字"),
        (f"{city.name}市生态环境局", f"{city.short}环罚决字"),
        (f"国家税务总局{city.name}市税务局稽查局", f"{city.short}税稽罚"),
        (f"{city.name}市应急管理局", f"{city.short}应急罚"),
    )
