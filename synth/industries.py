"""GB/T 4754-2017 industries, arranged into supply chains of tiers.

Each chain runs raw materials -> parts -> manufacturers -> distributors -> retail; an enterprise in
tier t buys from tier t-1 of the same chain. Industries outside the chains (construction, logistics,
services...) trade only through noise payments.
"""

from __future__ import annotations

from dataclasses import dataclass

TIER_NAMES = ("原材料", "零部件", "制造", "批发分销", "零售")


@dataclass(frozen=True)
class Industry:
    code: str  # GB/T 4754 class, e.g. C3670
    words: tuple[str, ...]  # industry words that go into a name, e.g. 机械制造

    @property
    def section(self) -> str:
        return self.code[0]


@dataclass(frozen=True)
class Chain:
    name: str
    tiers: tuple[tuple[Industry, ...], ...]  # five tiers, each one or more industries


def _i(code: str, *words: str) -> Industry:
    return Industry(code, words)


CHAINS: tuple[Chain, ...] = (
    Chain("汽车", (
        (_i("C3120", "钢铁", "特钢"), _i("C3216", "铝业")),
        (_i("C3670", "汽车零部件", "汽车配件"), _i("C2913", "橡胶制品")),
        (_i("C3610", "汽车制造", "汽车工业"), _i("C3630", "专用车制造")),
        (_i("F5172", "汽车贸易", "汽车销售"),),
        (_i("F5261", "汽车销售服务", "汽车服务"),),
    )),
    Chain("装备", (
        (_i("C3110", "炼铁", "冶金"), _i("B0810", "矿业")),
        (_i("C3484", "机械配件", "精密机械"), _i("C3481", "轴承")),
        (_i("C3511", "矿山机械", "重工"), _i("C3431", "起重机械", "机械制造")),
        (_i("F5174", "机电设备", "机电"),),
        (_i("F5245", "五金交电", "五金"),),
    )),
    Chain("食品", (
        (_i("A0111", "农业开发", "种植"), _i("A0313", "养殖")),
        (_i("C1310", "粮油", "面粉"), _i("C1351", "肉类加工")),
        (_i("C1432", "食品", "速冻食品"), _i("C1520", "饮品")),
        (_i("F5121", "食品贸易", "副食品"),),
        (_i("F5211", "超市", "商贸"),),
    )),
    Chain("纺织", (
        (_i("C1711", "棉纺", "纺纱"), _i("C2823", "化纤")),
        (_i("C1751", "织造", "面料"), _i("C1762", "印染")),
        (_i("C1810", "服饰", "服装"),),
        (_i("F5132", "服装贸易", "纺织品"),),
        (_i("F5232", "服饰商行", "服装店"),),
    )),
    Chain("电子", (
        (_i("C3985", "电子材料", "新材料"), _i("C2651", "化工")),
        (_i("C3971", "电子元件", "电子科技"), _i("C3982", "电路板")),
        (_i("C3911", "计算机", "智能科技"), _i("C3873", "照明电器")),
        (_i("F5176", "电子产品", "数码科技"),),
        (_i("F5273", "电器", "家电"),),
    )),
    Chain("建材", (
        (_i("B1011", "石材", "矿产"), _i("C3011", "水泥")),
        (_i("C3021", "混凝土", "预制件"), _i("C3031", "建材")),
        (_i("C3034", "玻璃", "防水材料"),),
        (_i("F5165", "建材贸易", "建筑材料"),),
        (_i("F5234", "装饰材料", "家居建材"),),
    )),
)

OTHER: tuple[Industry, ...] = (
    _i("E4700", "建筑工程", "建设工程"), _i("E5010", "装饰工程", "建筑装饰"), _i("G5430", "物流", "运输"),
    _i("G5990", "仓储", "供应链管理"), _i("K7010", "房地产开发", "置业"), _i("L7212", "投资管理", "实业"),
    _i("L7281", "会展服务", "文化传媒"), _i("M7320", "工程技术", "检测技术"), _i("I6513", "软件", "信息技术"),
    _i("H6110", "酒店管理", "宾馆"), _i("H6210", "餐饮管理", "餐饮"), _i("N7721", "环保科技", "环境工程"),
    _i("D4411", "能源", "电力"), _i("O8011", "家政服务", "物业服务"), _i("P8394", "教育咨询", "培训"),
)

BANK = _i("J6621", "银行")
MICROLOAN = _i("J6636", "小额贷款")
GUARANTOR = _i("J6639", "融资担保")
TAX_BUREAU = _i("S9222", "税务")
SHELL = (_i("F5199", "商贸", "贸易"), _i("L7212", "投资管理", "企业管理咨询"), _i("F5191", "供应链管理"))

# Share of chain enterprises in each tier (raw, parts, manufacturers, distributors, retail).
TIER_SHARE = (0.10, 0.24, 0.16, 0.24, 0.26)
