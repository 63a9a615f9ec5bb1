"""Names and identity numbers: person names, enterprise names, USCCs and resident ID numbers.

Enterprise names follow the registry pattern 行政区划 + 字号 + 行业 + 组织形式 (郑州宏达机械制造有限公司),
with the variant 字号 + 行业 + （行政区划） + 组织形式 that puts brackets into a name.
"""

from __future__ import annotations

import numpy as np

from liantu.ids import make_uscc

# Most common surnames first; draws are weighted so the head dominates as it does in the census.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁"
    "任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱"
)
MALE_GIVEN = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞"
    "彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆"
    "磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎"
    "德行时泰盛"
)
FEMALE_GIVEN = (
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛"
    "艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉"
    "君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫"
    "芸菲寒伊亚宜可姬舒影荔枝思丽"
)
TRADE_CHARS = (
    "宏达华鑫盛恒泰瑞丰源通远金利新天昌隆兴伟博凯旭嘉润诚信德安康永正中汇豪辉宇佳强海阳光明星晟"
    "祥福顺和润聚鼎晨耀腾飞越升荣广万豫原牧洛嵩伊龙凤锦程创联合众亿威"
)
LEGAL_FORMS = ("有限公司", "有限责任公司", "股份有限公司")
GROUP_FORMS = ("集团有限公司", "控股集团有限公司", "实业集团有限公司")
TYPO_SWAPS = {"宏": "弘", "达": "大", "华": "化", "鑫": "新", "盛": "胜", "恒": "衡", "泰": "太", "瑞": "锐",
              "源": "原", "通": "同", "利": "力", "隆": "龙", "博": "搏", "诚": "城", "德": "得", "汇": "惠"}

_SURNAME_W = np.linspace(3.0, 0.3, len(SURNAMES))
_SURNAME_P = _SURNAME_W / _SURNAME_W.sum()

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def person_names(rng: np.random.Generator, genders: np.ndarray) -> list[str]:
    """One name per gender flag (True = male): surname plus one or two given-name characters."""
    n = len(genders)
    sur = rng.choice(len(SURNAMES), size=n, p=_SURNAME_P)
    two = rng.random(n) < 0.72
    g1 = rng.integers(0, 1 << 30, size=n)
    g2 = rng.integers(0, 1 << 30, size=n)
    out: list[str] = []
    for i in range(n):
        pool = MALE_GIVEN if genders[i] else FEMALE_GIVEN
        given = pool[g1[i] % len(pool)] + (pool[g2[i] % len(pool)] if two[i] else "")
        out.append(SURNAMES[sur[i]] + given)
    return out


def resident_id(region6: str, birth: str, seq: int) -> str:
    """An 18-character GB 11643 resident ID number (birth as YYYYMMDD) with its check character."""
    body = f"{region6}{birth}{seq:03d}"
    total = sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + _ID_CHECK[total % 11]


def org_code(number: int) -> str:
    """A 9-character GB 11714 organisation code: 8 digits plus its check character."""
    body = f"{number:08d}"
    c = 11 - sum(int(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


def usccs(rng: np.random.Generator, regions: list[str], organ: np.ndarray) -> list[str]:
    """Distinct USCCs: registry 9 type 1 for enterprises, registry 1 type 1 for state organs."""
    n = len(regions)
    # An odd stride not divisible by 5 visits distinct residues mod 1e8, so codes never repeat.
    start = int(rng.integers(0, 10**8))
    numbers = rng.permutation((start + np.arange(n, dtype=np.int64) * 61_803_399) % 10**8)
    out = []
    for i in range(n):
        dept = "1" if organ[i] else "9"
        out.append(make_uscc(dept, "1", regions[i], org_code(int(numbers[i]))))
    return out


class TradeNames:
    """Two-character 字号 in a shuffled order: distinct until every pair is used, then reused."""

    def __init__(self, rng: np.random.Generator) -> None:
        chars = TRADE_CHARS
        self.pairs = [a + b for a in chars for b in chars if a != b]
        self.order = rng.permutation(len(self.pairs))
        self.next = 0

    def draw(self) -> str:
        name = self.pairs[int(self.order[self.next % len(self.order)])]
        self.next += 1
        return name


def compose(rng: np.random.Generator, place: str, trade: str, word: str, form: str) -> str:
    """One enterprise name; 1 in 8 uses the bracketed-place variant 宏达机械（郑州）有限公司."""
    if rng.random() < 0.125 and not form.startswith("集团"):
        return f"{trade}{word}（{place}）{form}"
    return f"{place}{trade}{word}{form}"


def with_typo(rng: np.random.Generator, name: str) -> str:
    """The name with one character swapped for a homophone, as a clerk might mistype it."""
    spots = [i for i, ch in enumerate(name) if ch in TYPO_SWAPS]
    if not spots:
        return name
    i = spots[int(rng.integers(0, len(spots)))]
    return name[:i] + TYPO_SWAPS[name[i]] + name[i + 1:]
